using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Tests.Guard.Statistics;

public sealed class SlowRequestsTests
{
    [Theory]
    [InlineData(1000, 1048.576)] // 2^20 µs
    [InlineData(2000, 2097.152)] // 2^21 µs
    [InlineData(800, 917.504)] // 7·2^17 µs
    [InlineData(1048.576, 1048.576)] // on a boundary already
    public void A_threshold_counts_from_the_next_bucket_boundary(double thresholdMs, double effectiveMs)
    {
        Assert.Equal(effectiveMs, SlowRequests.EffectiveThresholdMs(thresholdMs), 1e-9);
        var bucket = SlowRequests.FirstSlowBucket(thresholdMs);
        Assert.True(LatencyBuckets.LowerBound(bucket) >= thresholdMs * 1000);
        Assert.True(LatencyBuckets.LowerBound(bucket - 1) < thresholdMs * 1000);
    }

    [Fact]
    public void Requests_in_the_bucket_holding_the_threshold_are_not_counted()
    {
        var histogram = new long[LatencyBuckets.Count];
        histogram[LatencyBuckets.Index(1_000_000)] = 7; // exactly 1000 ms: not certainly slower than 1000 ms
        histogram[LatencyBuckets.Index(1_048_576)] = 2;
        histogram[LatencyBuckets.Index(60_000_000)] = 1;
        histogram[LatencyBuckets.Index(20_000)] = 100;
        Assert.Equal(3, SlowRequests.Count(histogram, SlowRequests.FirstSlowBucket(1000)));
    }

    [Fact]
    public void A_threshold_beyond_the_histogram_counts_nothing()
    {
        Assert.Equal(LatencyBuckets.Count, SlowRequests.FirstSlowBucket(600_000));
        Assert.True(double.IsPositiveInfinity(SlowRequests.EffectiveThresholdMs(600_000)));
        var histogram = Enumerable.Repeat(5L, LatencyBuckets.Count).ToArray();
        Assert.Equal(0, SlowRequests.Count(histogram, SlowRequests.FirstSlowBucket(600_000)));
    }
}
