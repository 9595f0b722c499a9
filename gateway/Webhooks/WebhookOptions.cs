namespace Strangler.Gateway.Webhooks;

/// <summary>
/// One receiver of rollout events (section "Gateway:Webhooks:N"). Delivery is asynchronous and
/// retried; see docs/operations.md, "Webhooks".
/// </summary>
internal sealed class WebhookOptions
{
    /// <summary>Absolute http or https URL the events are POSTed to. Never logged whole (it often carries a secret).</summary>
    public string? Url { get; set; }

    /// <summary>
    /// Kinds to send (<see cref="WebhookKinds.All"/>; an entry may list several, comma-separated).
    /// Empty: every kind, including kinds added later.
    /// </summary>
    public List<string> Events { get; set; } = [];

    /// <summary>Key of the HMAC-SHA256 signature of the body in X-Strangler-Signature; none: unsigned.</summary>
    public string? Secret { get; set; }

    /// <summary><c>json</c> (the event as /admin/events shows it) or <c>slack</c> (an incoming webhook's <c>{"text": ...}</c>).</summary>
    public string Format { get; set; } = WebhookFormats.Json;

    /// <summary>How long one attempt may take (connect, send, answer) before it counts as failed and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one event is retried before it is given up (counted as failed).</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromMinutes(5);
}
