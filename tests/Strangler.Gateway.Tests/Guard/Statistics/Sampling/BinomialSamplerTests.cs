using Strangler.Gateway.Guard.Statistics.Sampling;

namespace Strangler.Gateway.Tests.Guard.Statistics.Sampling;

public sealed class BinomialSamplerTests
{
    [Theory]
    [InlineData(20, 0.05)] // inversion
    [InlineData(199, 0.05)] // inversion, n·p just below 10
    [InlineData(200, 0.05)] // transformed rejection from n·p = 10
    [InlineData(1800, 0.04)]
    [InlineData(5000, 0.3)]
    [InlineData(40, 0.9)] // p > 1/2 drawn as n − Binomial(n, 1 − p)
    public void Draws_follow_the_binomial_distribution(int trials, double probability)
    {
        var random = new SimulationRandom(12, (ulong)trials);
        var (counts, offset) = PoissonSamplerTests.Histogram(() => BinomialSampler.Sample(random, trials, probability), 200_000, trials * probability);
        var pmf = Enumerable.Range(0, counts.Length).Select(i => BinomialPmf(i + offset, trials, probability)).ToArray();
        GoodnessOfFit.AssertFits(counts, pmf, $"Binomial({trials}, {probability})");
    }

    [Theory]
    [InlineData(0, 0.5, 0)]
    [InlineData(10, 0, 0)]
    [InlineData(10, 1, 10)]
    public void Degenerate_cases_are_exact(int trials, double probability, long expected)
    {
        var random = new SimulationRandom(1);
        Assert.Equal(expected, BinomialSampler.Sample(random, trials, probability));
    }

    [Fact]
    public void Draws_never_leave_zero_to_n()
    {
        var random = new SimulationRandom(2);
        for (var i = 0; i < 50_000; i++)
        {
            Assert.InRange(BinomialSampler.Sample(random, 30, 0.45), 0, 30);
        }
    }

    private static double BinomialPmf(long k, long n, double p)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        var logChoose = 0.0;
        for (var i = 1; i <= k; i++)
        {
            logChoose += Math.Log(n - k + i) - Math.Log(i);
        }

        return Math.Exp(logChoose + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p)));
    }
}
