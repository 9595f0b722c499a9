using Strangler.Gateway.Routing;

namespace Strangler.Gateway.State;

/// <summary>A generated YARP route and the feature it belongs to, in one view.</summary>
internal sealed record RouteEntry(RouteBinding Binding, FeatureView Feature);
