using Strangler.Gateway.State;

namespace Strangler.Gateway.Fleet;

/// <summary>One feature's state as the fleet store holds it, with the version its next transition must name.</summary>
internal sealed record SharedFeature(FeatureRuntimeState State, long Version);
