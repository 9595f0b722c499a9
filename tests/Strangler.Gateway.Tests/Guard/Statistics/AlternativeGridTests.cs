using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Guard.Statistics.Sampling;

namespace Strangler.Gateway.Tests.Guard.Statistics;

public sealed class AlternativeGridTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(0.10)]
    [InlineData(0.01)]
    [InlineData(0.9)]
    public void The_mixture_equals_the_product_of_per_request_likelihood_ratios_summed_by_brute_force(double nullRate)
    {
        var grid = new AlternativeGrid(nullRate);
        var random = new SimulationRandom(7, (ulong)(nullRate * 1000));
        var outcomes = new List<bool>();
        long events = 0, trials = 0;
        for (var second = 0; second < 200; second++)
        {
            var n = (int)PoissonSampler.Sample(random, 4);
            for (var r = 0; r < n; r++)
            {
                var failed = random.NextDouble() < nullRate * 1.3;
                outcomes.Add(failed);
                events += failed ? 1 : 0;
                trials++;
            }
        }

        // Independently: each alternative's likelihood ratio as a product over single requests, from the rates themselves.
        var terms = new double[AlternativeGrid.Size];
        for (var i = 0; i < AlternativeGrid.Size; i++)
        {
            var p = grid.Alternative(i);
            var log = 0.0;
            foreach (var failed in outcomes)
            {
                log += failed ? Math.Log(p / nullRate) : Math.Log((1 - p) / (1 - nullRate));
            }

            terms[i] = log - Math.Log(AlternativeGrid.Size);
        }

        var max = terms.Max();
        var expected = max + Math.Log(terms.Sum(t => Math.Exp(t - max)));
        Assert.Equal(expected, grid.LogMixture(events, trials), Math.Max(1e-9, Math.Abs(expected) * 1e-12));
    }

    [Theory]
    [InlineData(0.05, 1)]
    [InlineData(0.05, 7)]
    [InlineData(0.10, 50)]
    [InlineData(0.01, 200)]
    public void Each_alternatives_likelihood_ratio_for_a_second_has_expectation_one_at_p0_and_less_below(double nullRate, int requests)
    {
        // The supermartingale property every guarantee rests on, by exact summation over the second's outcomes.
        var grid = new AlternativeGrid(nullRate);
        for (var i = 0; i < AlternativeGrid.Size; i++)
        {
            var previous = double.PositiveInfinity;
            foreach (var factor in new[] { 1, 0.8, 0.3, 0 })
            {
                var p = nullRate * factor;
                var expectation = 0.0;
                for (var k = 0; k <= requests; k++)
                {
                    // In logs: for the far alternatives the likelihood ratio of a bad second overflows a double.
                    expectation += Math.Exp(BinomialLogPmf(k, requests, p) + grid.LogLikelihoodRatio(i, k, requests));
                }

                if (factor == 1)
                {
                    Assert.Equal(1, expectation, 1e-9);
                }
                else
                {
                    Assert.True(expectation < previous, $"alternative {i}: E = {expectation} at p = {p} is not below its value at a higher p");
                }

                previous = expectation;
            }
        }
    }

    [Fact]
    public void Alternatives_rise_from_odds_ratio_1_15_to_95_percent()
    {
        var grid = new AlternativeGrid(0.05);
        var odds0 = 0.05 / 0.95;
        var first = grid.Alternative(0);
        Assert.Equal(1.15, first / (1 - first) / odds0, 1e-12);
        Assert.Equal(0.95, grid.Alternative(AlternativeGrid.Size - 1), 1e-12);
        for (var i = 1; i < AlternativeGrid.Size; i++)
        {
            Assert.True(grid.Alternative(i) > grid.Alternative(i - 1));
        }
    }

    [Fact]
    public void The_mixture_rises_with_events_and_falls_with_trials()
    {
        var grid = new AlternativeGrid(0.05);
        for (var n = 1; n < 400; n += 7)
        {
            for (var k = 0; k < n; k++)
            {
                Assert.True(grid.LogMixture(k + 1, n) > grid.LogMixture(k, n), $"more events must mean more evidence ({k}/{n})");
                Assert.True(grid.LogMixture(k, n + 1) < grid.LogMixture(k, n), $"more trials must mean less evidence ({k}/{n})");
            }
        }
    }

    [Fact]
    public void MixtureReaches_agrees_with_the_exact_mixture()
    {
        var grid = new AlternativeGrid(0.1);
        var random = new SimulationRandom(3);
        for (var i = 0; i < 20_000; i++)
        {
            var n = (long)(random.NextDouble() * 3000) + 1;
            var k = (long)(random.NextDouble() * n * 0.3);
            var threshold = random.NextDouble() * 12;
            Assert.Equal(grid.LogMixture(k, n) >= threshold, grid.MixtureReaches(k, n, threshold));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_null_rate_outside_zero_to_one_is_refused(double nullRate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlternativeGrid(nullRate));
    }

    private static double BinomialLogPmf(long k, long n, double p)
    {
        if (p == 0)
        {
            return k == 0 ? 0 : double.NegativeInfinity;
        }

        var logChoose = 0.0;
        for (var i = 1; i <= k; i++)
        {
            logChoose += Math.Log(n - k + i) - Math.Log(i);
        }

        return logChoose + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p));
    }
}
