using Strangler.Bucketing;
using Strangler.Bucketing.FeatureManagement;

namespace Strangler.Gateway.Routing;

/// <summary>The routing decision for one request, stored in HttpContext.Features for transforms, metrics and logs.</summary>
internal sealed class RoutingDecisionFeature(RouteBinding binding, RolloutSubject subject)
{
    public const string FailoverReason = "failover";

    public RouteBinding Binding { get; } = binding;

    /// <summary>Who was evaluated and what FeatureManagement decided for them.</summary>
    public RolloutSubject Subject { get; } = subject;

    public RolloutDecision Decision => Subject.Decision;

    /// <summary>True while the request is (being) sent to v4: the decision said v4 and no failover happened.</summary>
    public bool UsesV4 => Decision.UseV4 && !FailedOver;

    public string Backend => UsesV4 ? RouteTable.V4ClusterId : RouteTable.V3ClusterId;

    /// <summary>The reason as sent in headers and logs: the decision's, or "failover" after a retry on v3.</summary>
    public string ReasonName => FailedOver ? FailoverReason : Decision.Reason.ToName();

    /// <summary>A sticky anonymous id minted for this request, to be set as a cookie on the response.</summary>
    public IssuedCookie? IssuedAnonymousCookie { get; init; }

    /// <summary>v4 may be retried on v3 if it fails: idempotent method, no body, failover on for the feature.</summary>
    public bool FailoverEligible { get; init; }

    /// <summary>v4 answered 502/503/504; its body was held back so the request can be retried on v3.</summary>
    public int? V4FailedStatus { get; set; }

    /// <summary>The request was retried on v3 after v4 failed.</summary>
    public bool FailedOver { get; set; }
}

internal sealed record IssuedCookie(string Name, string Value, TimeSpan MaxAge);
