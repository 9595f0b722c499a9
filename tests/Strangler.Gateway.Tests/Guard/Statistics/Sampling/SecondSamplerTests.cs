using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Guard.Statistics.Sampling;
using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Tests.Guard.Statistics.Sampling;

public sealed class SecondSamplerTests
{
    [Theory]
    [InlineData(0.7)] // every bucket pooled as rare
    [InlineData(8)]
    [InlineData(1800)] // most buckets drawn one by one
    public void Poisson_seconds_have_Poisson_request_counts_binomial_errors_and_the_latency_distribution(double rate)
    {
        var traffic = new BackendTraffic(Arrivals.Poisson, 0.07, LatencyDistribution.LogNormal(150));
        var sampler = traffic.At(rate);
        var random = new SimulationRandom(31, (ulong)rate);
        var histogram = new long[LatencyBuckets.Count];
        var latency = new long[LatencyBuckets.Count];
        var seconds = (int)Math.Min(200_000, 4_000_000 / rate);
        var requestCounts = new List<long>(seconds);
        long requests = 0, errors = 0;
        for (var s = 0; s < seconds; s++)
        {
            var counts = sampler.Sample(random, histogram);
            Assert.Equal(counts.Requests, histogram.Sum());
            Assert.InRange(counts.Errors, 0, counts.Requests);
            requestCounts.Add(counts.Requests);
            requests += counts.Requests;
            errors += counts.Errors;
            for (var i = 0; i < histogram.Length; i++)
            {
                latency[i] += histogram[i];
            }
        }

        var (perCount, offset) = PoissonSamplerTests.Histogram(() => requestCounts[--seconds], requestCounts.Count, rate);
        GoodnessOfFit.AssertFits(perCount, [.. Enumerable.Range(0, perCount.Length).Select(k => Math.Exp(-rate + ((k + offset) * Math.Log(rate)) - Enumerable.Range(1, (int)(k + offset)).Sum(i => Math.Log(i))))], $"requests per second at {rate}/s");
        GoodnessOfFit.AssertFits([errors, requests - errors], [0.07, 0.93], "errors among requests");
        GoodnessOfFit.AssertFits(latency, [.. traffic.Latency.Probabilities], "latency buckets");
    }

    [Fact]
    public void Fixed_arrivals_hold_the_rate_and_its_fraction_on_average()
    {
        var sampler = new BackendTraffic(Arrivals.Fixed, 0, LatencyDistribution.Fixed(10_000)).At(2.25);
        var random = new SimulationRandom(1);
        var histogram = new long[LatencyBuckets.Count];
        var counts = Enumerable.Range(0, 40_000).Select(_ => sampler.Sample(random, histogram).Requests).ToArray();
        Assert.All(counts, c => Assert.InRange(c, 2, 3));
        GoodnessOfFit.AssertFits([counts.Count(c => c == 2), counts.Count(c => c == 3)], [0.75, 0.25], "whole and fractional part");
    }

    [Fact]
    public void The_same_seed_draws_the_same_seconds()
    {
        var sampler = new BackendTraffic(Arrivals.Poisson, 0.02, LatencyDistribution.LogNormal(90)).At(40);
        var h1 = new long[LatencyBuckets.Count];
        var h2 = new long[LatencyBuckets.Count];
        var a = new SimulationRandom(9, 3);
        var b = new SimulationRandom(9, 3);
        for (var s = 0; s < 1000; s++)
        {
            Assert.Equal(sampler.Sample(a, h1), sampler.Sample(b, h2));
            Assert.Equal(h1, h2);
        }
    }

    [Fact]
    public void A_zero_rate_draws_empty_seconds_and_clears_the_histogram()
    {
        var sampler = new BackendTraffic(Arrivals.Poisson, 0.5, LatencyDistribution.LogNormal(90)).At(0);
        var histogram = Enumerable.Repeat(7L, LatencyBuckets.Count).ToArray();
        Assert.Equal(default(SecondCounts), sampler.Sample(new SimulationRandom(1), histogram));
        Assert.All(histogram, c => Assert.Equal(0, c));
    }
}
