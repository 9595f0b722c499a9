using Strangler.Gateway.Guard.Statistics.Sampling;

namespace Strangler.Gateway.Tests.Guard.Statistics.Sampling;

public sealed class PoissonSamplerTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(4)]
    [InlineData(9.99)] // the last mean drawn by inversion
    [InlineData(10)] // the first drawn by transformed rejection
    [InlineData(75)]
    [InlineData(1800)]
    public void Draws_follow_the_Poisson_distribution(double mean)
    {
        var random = new SimulationRandom(11, (ulong)(mean * 100));
        var (counts, offset) = Histogram(() => PoissonSampler.Sample(random, mean), 200_000, mean);
        var pmf = Enumerable.Range(0, counts.Length).Select(i => PoissonPmf(i + offset, mean)).ToArray();
        GoodnessOfFit.AssertFits(counts, pmf, $"Poisson({mean})");
    }

    [Fact]
    public void A_zero_mean_always_draws_zero()
    {
        var random = new SimulationRandom(1);
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(0, PoissonSampler.Sample(random, 0)));
    }

    [Fact]
    public void The_alias_table_for_a_Poisson_law_holds_its_exact_probabilities()
    {
        var table = AliasTable.Poisson(7.5);
        for (var k = 0; k < 20; k++)
        {
            Assert.Equal(PoissonPmf(k, 7.5), table.ProbabilityOf(k), 1e-12);
        }
    }

    internal static (long[] Counts, long Offset) Histogram(Func<long> draw, int draws, double mean)
    {
        var spread = (long)(10 * Math.Sqrt(mean + 1)) + 10;
        var offset = Math.Max(0, (long)mean - spread);
        var counts = new long[(2 * spread) + 1];
        for (var i = 0; i < draws; i++)
        {
            var x = draw() - offset;
            Assert.InRange(x, 0, counts.Length - 1);
            counts[x]++;
        }

        return (counts, offset);
    }

    private static double PoissonPmf(long k, double mean)
    {
        // ln k! summed directly, independent of the sampler's table and Stirling series.
        var logFactorial = 0.0;
        for (var i = 2; i <= k; i++)
        {
            logFactorial += Math.Log(i);
        }

        return Math.Exp(-mean + (k * Math.Log(mean)) - logFactorial);
    }
}
