namespace Strangler.Gateway.Guard.Statistics;

/// <summary>One completed second of one backend's outcomes for one feature (summed over replicas in a fleet).</summary>
/// <param name="Requests">Attempts the backend is accountable for.</param>
/// <param name="Errors">Of those, 5xx responses and proxy errors.</param>
internal readonly record struct SecondCounts(long Requests, long Errors);
