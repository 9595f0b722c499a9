namespace Strangler.Gateway.Headers;

/// <summary>
/// Headers the gateway sets for backends. Any client-sent header with the internal prefix is
/// removed before routing, so a client can neither pick its backend nor spoof a decision.
/// </summary>
internal static class InternalHeaders
{
    public const string Prefix = "X-Strangler-";

    /// <summary>"v3" or "v4".</summary>
    public const string Backend = "X-Strangler-Backend";

    /// <summary>The feature (rollout.json key) that matched.</summary>
    public const string Feature = "X-Strangler-Feature";

    /// <summary>The user's bucket 0..9999 when one was computed.</summary>
    public const string Bucket = "X-Strangler-Bucket";

    /// <summary>Why: see DecisionReasonNames (e.g. bucket-in, never-v4).</summary>
    public const string Reason = "X-Strangler-Reason";

    /// <summary>Set on the retry to v3 after v4 failed an idempotent request.</summary>
    public const string Failover = "X-Strangler-Failover";

    public const string RequestId = "X-Request-Id";
}
