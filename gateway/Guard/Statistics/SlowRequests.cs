using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// The p95 rules as rates: "p95 at most T" means at most 5 % of requests take T or longer, so a p95
/// rule is a Bernoulli rule with p0 = 5 % on the requests counted slow. From a histogram only
/// requests in buckets that lie wholly at or above T are certainly that slow, so those are counted:
/// under the null the counted share is at most 5 % too, and the test stays valid. The price is that
/// T acts as rounded up to the next bucket boundary (<see cref="EffectiveThresholdMs"/>, at most about
/// 19 % higher: 1000 ms counts from 1048.6 ms, 2000 ms from 2097.2 ms). A threshold above the last
/// bucket's lower bound (about 117 s) counts nothing.
/// </summary>
internal static class SlowRequests
{
    /// <summary>The quantile a p95 rule bounds: slow requests may be at most this share.</summary>
    public const double NullShare = 0.05;

    /// <summary>The first bucket counted slow for a threshold (<see cref="LatencyBuckets.Count"/> when none is).</summary>
    public static int FirstSlowBucket(double thresholdMs)
    {
        var micros = thresholdMs * 1000;
        for (var i = 0; i < LatencyBuckets.Count; i++)
        {
            if (LatencyBuckets.LowerBound(i) >= micros)
            {
                return i;
            }
        }

        return LatencyBuckets.Count;
    }

    /// <summary>The latency from which requests are counted slow for a threshold (infinite when none are).</summary>
    public static double EffectiveThresholdMs(double thresholdMs)
    {
        var bucket = FirstSlowBucket(thresholdMs);
        return bucket < LatencyBuckets.Count ? LatencyBuckets.LowerBound(bucket) / 1000 : double.PositiveInfinity;
    }

    /// <summary>Requests in the histogram from <paramref name="firstSlowBucket"/> on.</summary>
    public static long Count(ReadOnlySpan<long> histogram, int firstSlowBucket)
    {
        var count = 0L;
        for (var i = firstSlowBucket; i < histogram.Length; i++)
        {
            count += histogram[i];
        }

        return count;
    }
}
