namespace Strangler.Faults;

/// <summary>
/// Faults injected into requests whose path starts with <see cref="PathPrefix"/> (the longest
/// matching prefix wins). Applied in order: latency, then abort, then error.
/// </summary>
/// <param name="ErrorRate">Share of requests answered with <see cref="ErrorStatus"/>, 0..1.</param>
/// <param name="ErrorStatus">Status of injected errors, 500..599.</param>
/// <param name="LatencyMs">Delay added before the request is handled, 0..60000.</param>
/// <param name="AbortRate">Share of requests whose connection is closed without a response, 0..1.</param>
public sealed record FaultRule(string PathPrefix, double ErrorRate, int ErrorStatus, int LatencyMs, double AbortRate);
