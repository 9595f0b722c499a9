using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Guard.Statistics.Sampling;
using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Tests.Guard.Statistics.Sampling;

public sealed class LatencyDistributionTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(2000)]
    [InlineData(250)]
    public void A_log_normal_with_its_p95_on_a_bucket_boundary_puts_5_percent_at_or_above_it(double thresholdMs)
    {
        // The bucket boundary at or above the threshold is where slow requests are counted from.
        var boundary = SlowRequests.EffectiveThresholdMs(thresholdMs);
        var distribution = LatencyDistribution.LogNormal(boundary, sigma: 0.6);
        Assert.Equal(0.05, distribution.MassFrom(SlowRequests.FirstSlowBucket(thresholdMs)), 1e-9);
    }

    [Fact]
    public void Probabilities_sum_to_one()
    {
        Assert.Equal(1, LatencyDistribution.LogNormal(120).Probabilities.Sum(), 1e-12);
    }

    [Fact]
    public void A_fixed_latency_puts_everything_in_its_bucket()
    {
        var distribution = LatencyDistribution.Fixed(20_000);
        Assert.Equal(1, distribution.Probabilities[LatencyBuckets.Index(20_000)]);
    }

    [Theory]
    [InlineData(3)] // one alias draw per request
    [InlineData(5000)] // a chain of binomials
    public void Histograms_of_n_requests_sum_to_n_and_follow_the_distribution(int requests)
    {
        var distribution = LatencyDistribution.LogNormal(300, sigma: 0.8);
        var random = new SimulationRandom(21, (ulong)requests);
        var histogram = new long[LatencyBuckets.Count];
        var totals = new long[LatencyBuckets.Count];
        var seconds = 400_000 / requests;
        for (var s = 0; s < seconds; s++)
        {
            Array.Clear(histogram);
            distribution.Sample(random, requests, histogram);
            Assert.Equal(requests, histogram.Sum());
            for (var i = 0; i < histogram.Length; i++)
            {
                totals[i] += histogram[i];
            }
        }

        GoodnessOfFit.AssertFits(totals, [.. distribution.Probabilities], $"histograms of {requests} requests");
    }
}
