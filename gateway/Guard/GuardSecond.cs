using Strangler.Gateway.Guard.Statistics;

namespace Strangler.Gateway.Guard;

/// <summary>
/// One observation for the sequential rules: v4's and v3's counts and latency histograms (in
/// <see cref="Outcomes.LatencyBuckets"/>) that arrived since the previous one (an empty histogram
/// counts nothing slow).
/// </summary>
internal readonly record struct GuardSecond(SecondCounts V4, long[] V4Latency, SecondCounts V3, long[] V3Latency)
{
    public static GuardSecond Empty { get; } = new(default, [], default, []);
}
