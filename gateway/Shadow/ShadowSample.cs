using System.Collections.Immutable;

namespace Strangler.Gateway.Shadow;

/// <summary>One mirrored request whose answers differed, for <c>GET /admin/shadow</c>: no bodies, only the differing values (truncated).</summary>
/// <param name="Path">The request target as the client sent it (path and query).</param>
/// <param name="Noise">The generalised paths that differed but are noise.</param>
internal sealed record ShadowSample(
    DateTimeOffset At,
    string Method,
    string Path,
    int V3Status,
    int? V4Status,
    ShadowResult Result,
    int TotalDifferences,
    ImmutableArray<Difference> Differences,
    ImmutableArray<string> Noise);
