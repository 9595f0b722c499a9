namespace Strangler.Gateway.Webhooks;

/// <summary>One webhook in GET /admin/status (<c>webhooks</c>): the URL redacted, what it receives, how its deliveries went.</summary>
/// <param name="Pending">Events queued or being delivered (retries included).</param>
/// <param name="Failed">Deliveries given up (a non-retryable answer, or retried for RetryFor without success).</param>
/// <param name="Dropped">Events dropped unsent because the queue was full (the oldest go first).</param>
/// <param name="LastError">Of the last failed attempt, retried or not.</param>
internal sealed record WebhookStatusView(
    string Url,
    IReadOnlyList<string> Events,
    string Format,
    bool Signed,
    int Pending,
    long Delivered,
    long Failed,
    long Dropped,
    DateTimeOffset? LastDeliveredAt,
    DateTimeOffset? LastFailureAt,
    string? LastError);
