using System.Collections.Immutable;

namespace Strangler.Gateway.Rollout.Model;

/// <summary>The two backends: v3 (legacy) and v4 (new), each one or more destinations.</summary>
internal sealed record BackendsConfig(BackendConfig V3, BackendConfig V4);

/// <param name="Name">"v3" or "v4"; also the YARP cluster id.</param>
/// <param name="Destinations">Absolute http(s) base URLs, load-balanced.</param>
internal sealed record BackendConfig(string Name, ImmutableArray<Uri> Destinations);
