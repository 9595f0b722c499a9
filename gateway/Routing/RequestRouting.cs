using Strangler.Bucketing;
using Strangler.Gateway.Identity;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Routing;

/// <summary>
/// Everything the gateway decided about one request, in HttpContext.Features for the later steps,
/// the transforms, metrics and logs: the rollout view it was admitted under (read once), the route
/// and feature that claim it, the decision, and what failover did.
/// </summary>
internal sealed class RequestRouting(RolloutView view, string requestId)
{
    public const string FailoverReason = "failover";

    private static readonly AsyncLocal<RequestRouting?> InFlow = new();

    /// <summary>
    /// The routing of the public request this code runs for, if any (for log events: see
    /// <see cref="Logging.RequestEnricher"/>). Set by admission, for the rest of the request's flow;
    /// one execution-context write per request, contained by the async middleware above the proxy.
    /// </summary>
    public static RequestRouting? Current
    {
        get => InFlow.Value;
        set => InFlow.Value = value;
    }

    /// <summary>The request id (X-Request-Id, as forwarded and logged).</summary>
    public string RequestId { get; } = requestId;

    /// <summary>The rollout in force when the request was admitted; every later step uses this one.</summary>
    public RolloutView View { get; } = view;

    /// <summary>The route and feature that claim the path; null when none does (v3, unchanged).</summary>
    public RouteEntry? Route { get; private set; }

    public RolloutDecision Decision { get; private set; }

    /// <summary>The user the decision was made for; null when the request carried none.</summary>
    public string? UserId { get; private set; }

    /// <summary>A sticky anonymous id minted for this request, to be set as a cookie on the response.</summary>
    public IssuedCookie? IssuedAnonymousCookie { get; private set; }

    /// <summary>v4 may be retried on v3 if it fails: idempotent method, no body, failover on for the feature.</summary>
    public bool FailoverEligible { get; private set; }

    /// <summary>v4 answered 502/503/504; its body was held back so the request can be retried on v3.</summary>
    public int? V4FailedStatus { get; set; }

    /// <summary>The request was retried on v3 after v4 failed.</summary>
    public bool FailedOver { get; private set; }

    /// <summary>The feature label of metrics and logs ("(none)" for a path no feature claims).</summary>
    public string FeatureName => Route?.Binding.Feature ?? GatewayMetrics.NoFeature;

    /// <summary>True while the request is (being) sent to v4: the decision said v4 and no failover happened.</summary>
    public bool UsesV4 => Decision.UseV4 && !FailedOver;

    public string Backend => Backends.Of(UsesV4);

    /// <summary>The reason as sent in headers and logs: the decision's, or "failover" after a retry on v3.</summary>
    public string ReasonName => FailedOver ? FailoverReason : Decision.Reason.ToName();

    /// <summary>Where this request's outcomes count for the guard; null when its feature is not observed.</summary>
    public FeatureWindows? Windows => Route?.Feature.Windows;

    public void Decide(RouteEntry route, string? userId, RolloutDecision decision, IssuedCookie? issuedCookie, bool failoverEligible)
    {
        Route = route;
        UserId = userId;
        Decision = decision;
        IssuedAnonymousCookie = issuedCookie;
        FailoverEligible = failoverEligible;
    }

    public void MarkFailedOver() => FailedOver = true;
}
