using Strangler.Bucketing;
using Strangler.Bucketing.FeatureManagement;

namespace Strangler.Gateway.Routing;

/// <summary>The routing decision for one request, stored in HttpContext.Features for transforms, metrics and logs.</summary>
internal sealed class RoutingDecisionFeature(RouteBinding binding, RolloutSubject subject)
{
    public RouteBinding Binding { get; } = binding;

    /// <summary>Who was evaluated and what FeatureManagement decided for them.</summary>
    public RolloutSubject Subject { get; } = subject;

    public RolloutDecision Decision => Subject.Decision;

    public string Backend => Decision.UseV4 ? RouteTable.V4ClusterId : RouteTable.V3ClusterId;

    /// <summary>A sticky anonymous id minted for this request, to be set as a cookie on the response.</summary>
    public IssuedCookie? IssuedAnonymousCookie { get; init; }
}

internal sealed record IssuedCookie(string Name, string Value, TimeSpan MaxAge);
