using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Guard.Statistics.Sampling;

namespace Strangler.Gateway.Tests.Guard.Statistics;

public sealed class BernoulliRuleTests
{
    [Theory]
    [InlineData(1.0)] // on the null boundary
    [InlineData(0.8)] // inside the null
    public void The_exact_probability_that_the_cumulative_test_ever_crosses_within_a_long_horizon_is_below_alpha(double factor)
    {
        // Dynamic programming over the error count, two requests a second for 4000 seconds, absorbing at
        // the crossing boundary taken from the mixture itself: the exact first-passage probability, no sampling.
        const double P0 = 0.05, Alpha = 0.05;
        const int PerSecond = 2, Seconds = 4000;
        var rule = new BernoulliRule(P0, Alpha, detectorAlpha: 0.01);
        var p = P0 * factor;
        var step = new[] { (1 - p) * (1 - p), 2 * p * (1 - p), p * p };
        var alive = new double[(PerSecond * Seconds) + 1];
        alive[0] = 1;
        var crossed = 0.0;
        var boundary = 0L;
        for (var t = 1; t <= Seconds; t++)
        {
            var trials = (long)PerSecond * t;
            var next = new double[alive.Length];
            for (var k = 0; k <= PerSecond * (t - 1); k++)
            {
                if (alive[k] == 0)
                {
                    continue;
                }

                for (var e = 0; e <= PerSecond; e++)
                {
                    next[k + e] += alive[k] * step[e];
                }
            }

            // The mixture rises with errors and falls with requests (tested separately), so the boundary
            // (the fewest errors that cross) only moves up: scan on from where it was.
            while (boundary <= trials && rule.Grid.LogMixture(boundary, trials) < rule.LogCumulativeThreshold)
            {
                boundary++;
            }

            for (var k = (int)boundary; k <= PerSecond * t; k++)
            {
                crossed += next[k];
                next[k] = 0;
            }

            alive = next;
        }

        Assert.True(crossed <= Alpha, $"P(ever ≥ 1/α within {Seconds} s) = {crossed:0.0000} exceeds α = {Alpha}");
        Assert.True(crossed > 0, "the test never crosses at all: the check is vacuous");
    }

    [Fact]
    public void Observe_crosses_at_the_first_second_the_exact_mixture_reaches_the_threshold()
    {
        var rule = new BernoulliRule(0.05, 0.01, 0.001);
        var random = new SimulationRandom(17);
        for (var run = 0; run < 20; run++)
        {
            var evidence = default(BernoulliEvidence);
            long events = 0, trials = 0;
            for (var second = 0; second < 400; second++)
            {
                var n = PoissonSampler.Sample(random, 6);
                var k = BinomialSampler.Sample(random, n, 0.08);
                events += k;
                trials += n;
                var crossed = rule.Observe(ref evidence, k, n).HasFlag(Crossing.Cumulative);
                Assert.Equal(trials > 0 && rule.Grid.LogMixture(events, trials) >= rule.LogCumulativeThreshold, crossed);
            }
        }
    }

    [Fact]
    public void EventsNeeded_is_the_least_error_count_that_crosses()
    {
        var rule = new BernoulliRule(0.05, 0.004, 0.001);
        foreach (var trials in new long[] { 1, 5, 20, 57, 300, 4000, 100_000 })
        {
            var expected = Enumerable.Range(0, (int)trials + 1).Select(k => (long)k).FirstOrDefault(k => rule.Grid.LogMixture(k, trials) >= rule.LogCumulativeThreshold, trials + 1);
            Assert.Equal(expected, rule.EventsNeeded(0, trials));
            if (expected > 3 && expected <= trials)
            {
                Assert.Equal(expected, rule.EventsNeeded(expected - 3, trials));
            }
        }
    }

    [Fact]
    public void The_detector_cusums_equal_the_best_final_run_of_seconds_found_by_brute_force()
    {
        var rule = new BernoulliRule(0.05, 0.01, 0.001);
        var random = new SimulationRandom(23);
        var seconds = new List<(long K, long N)>();
        var evidence = default(BernoulliEvidence);
        for (var t = 0; t < 600; t++)
        {
            var n = PoissonSampler.Sample(random, 3);
            var k = BinomialSampler.Sample(random, n, t < 300 ? 0.02 : 0.12);
            rule.Observe(ref evidence, k, n);
            if (n == 0)
            {
                continue;
            }

            seconds.Add((k, n));
            for (var i = 0; i < AlternativeGrid.Size; i++)
            {
                // max over change points j of the log likelihood ratio of seconds j..t.
                var best = double.NegativeInfinity;
                var run = 0.0;
                for (var j = seconds.Count - 1; j >= 0; j--)
                {
                    run += rule.Grid.LogLikelihoodRatio(i, seconds[j].K, seconds[j].N);
                    best = Math.Max(best, run);
                }

                if (evidence.AtRest)
                {
                    Assert.True(best <= 1e-9, $"at rest, yet a run of seconds has log likelihood ratio {best}");
                }
                else
                {
                    Assert.Equal(best, evidence.Cusum(i), 1e-9);
                }
            }
        }
    }

    [Fact]
    public void A_fault_an_hour_into_the_step_is_caught_by_the_detector_long_before_the_cumulative_test()
    {
        // 30 % errors at 8 requests/s after an hour at 0.5 %: the cumulative evidence would need
        // minutes to climb out of the hour's healthy evidence; the detector starts over at the change.
        var rule = new BernoulliRule(0.05, 0.00375, 0.00125);
        var random = new SimulationRandom(29);
        var evidence = default(BernoulliEvidence);
        for (var t = 0; t < 3600; t++)
        {
            var n = PoissonSampler.Sample(random, 8);
            Assert.Equal(Crossing.None, rule.Observe(ref evidence, BinomialSampler.Sample(random, n, 0.005), n));
        }

        int? detected = null;
        for (var t = 1; t <= 120 && detected is null; t++)
        {
            var n = PoissonSampler.Sample(random, 8);
            var crossed = rule.Observe(ref evidence, BinomialSampler.Sample(random, n, 0.30), n);
            Assert.False(crossed.HasFlag(Crossing.Cumulative), $"the cumulative test crossed {t} s after the change");
            detected = crossed.HasFlag(Crossing.Detector) ? t : null;
        }

        Assert.NotNull(detected);
        Assert.InRange(detected.Value, 1, 60);
    }

    [Fact]
    public void The_detector_false_alarm_rate_over_a_long_horizon_stays_below_its_alpha()
    {
        // α_d = 0.2 and a small first epoch so that nine epochs pass within the horizon; the rate is at
        // the null boundary. Simulation error: with 400 runs the standard error is at most 2 %. (The bound
        // is conservative: 2000 runs of this setting alarm in 0.4 %. What it rests on is tested exactly:
        // the CUSUMs against brute force, the thresholds' formula, and each second's likelihood ratio.)
        const double Alpha = 0.2;
        const int Runs = 400, Seconds = 6000;
        var rule = new BernoulliRule(0.05, 1e-9, Alpha, firstEpoch: 16);
        var alarms = 0;
        for (var run = 0; run < Runs; run++)
        {
            var random = new SimulationRandom(31, (ulong)run);
            var evidence = default(BernoulliEvidence);
            for (var t = 0; t < Seconds; t++)
            {
                var n = 1 + (t % 3);
                if (rule.Observe(ref evidence, BinomialSampler.Sample(random, n, 0.05), n).HasFlag(Crossing.Detector))
                {
                    alarms++;
                    break;
                }
            }
        }

        var rate = (double)alarms / Runs;
        var error = Math.Sqrt(Alpha * (1 - Alpha) / Runs);
        Assert.True(rate <= Alpha + (3 * error), $"false alarms in {rate:P1} of {Runs} runs over {Seconds} s; α = {Alpha:P0}, 3 standard errors = {3 * error:P1}");
    }

    [Fact]
    public void A_detector_that_crossed_under_the_alternative_shows_the_test_has_power()
    {
        // The companion of the false-alarm test: the same configuration does alarm on a real change.
        var rule = new BernoulliRule(0.05, 1e-9, 0.2, firstEpoch: 16);
        var random = new SimulationRandom(37);
        var evidence = default(BernoulliEvidence);
        var alarmed = false;
        for (var t = 0; t < 2000 && !alarmed; t++)
        {
            alarmed = rule.Observe(ref evidence, BinomialSampler.Sample(random, 2, t < 1000 ? 0.05 : 0.2), 2).HasFlag(Crossing.Detector);
        }

        Assert.True(alarmed);
    }

    [Fact]
    public void More_errors_never_mean_less_evidence()
    {
        var rule = new BernoulliRule(0.1, 0.005, 0.002);
        var random = new SimulationRandom(41);
        for (var run = 0; run < 300; run++)
        {
            var low = default(BernoulliEvidence);
            var high = default(BernoulliEvidence);
            for (var t = 0; t < 100; t++)
            {
                var n = 1 + (long)(random.NextDouble() * 10);
                var k = BinomialSampler.Sample(random, n, 0.12);
                var crossedLow = rule.Observe(ref low, k, n);
                var crossedHigh = rule.Observe(ref high, Math.Min(n, k + (t == 50 ? 1 : 0)), n);
                Assert.True(rule.Grid.LogMixture(high.Events, high.Trials) >= rule.Grid.LogMixture(low.Events, low.Trials));
                Assert.True(high.DetectorStatistic >= low.DetectorStatistic - 1e-12);
                Assert.True((crossedLow & ~crossedHigh) == Crossing.None, "a test crossed with fewer errors but not with more");
            }
        }
    }

    [Fact]
    public void The_lower_bound_passes_the_threshold_exactly_when_the_cumulative_test_crossed()
    {
        var rule = new BernoulliRule(0.05, 0.00375, 0.00125);
        var random = new SimulationRandom(43);
        for (var i = 0; i < 3000; i++)
        {
            var n = 1 + (long)(random.NextDouble() * 5000);
            var k = (long)(random.NextDouble() * n * 0.15);
            var bound = rule.LowerConfidenceBound(k, n);
            var crossed = rule.Grid.LogMixture(k, n) >= rule.LogCumulativeThreshold;
            Assert.Equal(crossed, bound > rule.NullRate);
            Assert.InRange(bound, 0, (double)k / n);
        }
    }

    [Fact]
    public void The_upper_bound_is_where_the_mirrored_mixture_computed_from_the_rates_first_rejects()
    {
        // Independently: for each candidate rate p′ on a fine grid, the likelihood ratios of the rates whose
        // odds are e^(−η_i) times p′'s, from the rates themselves; the bound is the first p′ they reject.
        var rule = new BernoulliRule(0.05, 0.00375, 0.00125);
        var threshold = -Math.Log(0.01);
        foreach (var (k, n) in new[] { (0L, 50L), (3L, 200L), (40L, 1000L), (7L, 20L) })
        {
            double? firstRejected = null;
            for (var j = 1; j < 20_000 && firstRejected is null; j++)
            {
                var p = j / 20_000.0;
                var terms = Enumerable.Range(0, AlternativeGrid.Size).Select(i =>
                {
                    var odds = p / (1 - p) * Math.Exp(-rule.Grid.EventWeight(i));
                    var q = odds / (1 + odds);
                    return (k * Math.Log(q / p)) + ((n - k) * Math.Log((1 - q) / (1 - p))) - Math.Log(AlternativeGrid.Size);
                }).ToArray();
                var max = terms.Max();
                if (max + Math.Log(terms.Sum(t => Math.Exp(t - max))) >= threshold)
                {
                    firstRejected = p;
                }
            }

            var bound = rule.UpperConfidenceBound(k, n, 0.01);
            Assert.NotNull(firstRejected);
            Assert.InRange(firstRejected.Value - bound, 0, 1 / 20_000.0);
            Assert.True(bound >= (double)k / n);
        }
    }

    [Fact]
    public void The_upper_bound_covers_the_true_rate_at_every_look_with_probability_at_least_one_minus_alpha()
    {
        // Looks every 20 s for 2000 s at 5 requests/s, α = 0.1; with 300 runs the standard error is 1.7 %.
        const double Alpha = 0.1, Rate = 0.05;
        const int Runs = 300;
        var rule = new BernoulliRule(Rate, 0.00375, 0.00125);
        var missed = 0;
        for (var run = 0; run < Runs; run++)
        {
            var random = new SimulationRandom(67, (ulong)run);
            long k = 0, n = 0;
            for (var t = 1; t <= 2000; t++)
            {
                var requests = PoissonSampler.Sample(random, 5);
                k += BinomialSampler.Sample(random, requests, Rate);
                n += requests;
                if (t % 20 == 0 && rule.UpperConfidenceBound(k, n, Alpha) < Rate)
                {
                    missed++;
                    break;
                }
            }
        }

        var rate = (double)missed / Runs;
        var error = Math.Sqrt(Alpha * (1 - Alpha) / Runs);
        Assert.True(rate <= Alpha + (3 * error), $"the bound fell below the true rate in {rate:P1} of runs; α = {Alpha:P0}, 3 standard errors = {3 * error:P1}");
    }

    [Fact]
    public void Restored_evidence_behaves_exactly_like_the_original()
    {
        var rule = new BernoulliRule(0.05, 0.00375, 0.00125);
        var random = new SimulationRandom(47);
        var original = default(BernoulliEvidence);
        for (var t = 0; t < 500; t++)
        {
            var n = PoissonSampler.Sample(random, 5);
            rule.Observe(ref original, BinomialSampler.Sample(random, n, t < 250 ? 0.01 : 0.09), n);
        }

        var cusum = Enumerable.Range(0, AlternativeGrid.Size).Select(original.Cusum).ToArray();
        var restored = BernoulliEvidence.Restore(rule.Grid, original.Events, original.Trials, original.Seconds, cusum, original.Crossed);
        for (var t = 0; t < 300; t++)
        {
            var n = PoissonSampler.Sample(random, 5);
            var k = BinomialSampler.Sample(random, n, 0.09);
            Assert.Equal(rule.Observe(ref original, k, n), rule.Observe(ref restored, k, n));
            Assert.Equal(original.DetectorStatistic, restored.DetectorStatistic, 1e-12);
        }
    }

    [Fact]
    public void Default_evidence_is_a_fresh_start()
    {
        var rule = new BernoulliRule(0.05, 0.00375, 0.00125);
        var evidence = default(BernoulliEvidence);
        for (var t = 0; t < 30; t++)
        {
            rule.Observe(ref evidence, 5, 10);
        }

        Assert.NotEqual(Crossing.None, evidence.Crossed);
        evidence = default;
        Assert.Equal(Crossing.None, rule.Observe(ref evidence, 0, 10));
        Assert.Equal(0, evidence.Events);
        Assert.Equal(10, evidence.Trials);
        Assert.True(evidence.AtRest);
    }

    [Fact]
    public void A_second_without_requests_changes_nothing()
    {
        var rule = new BernoulliRule(0.05, 0.00375, 0.00125);
        var evidence = default(BernoulliEvidence);
        rule.Observe(ref evidence, 2, 10);
        var before = evidence;
        rule.Observe(ref evidence, 0, 0);
        Assert.Equal(before.Seconds, evidence.Seconds);
        Assert.Equal(before.Trials, evidence.Trials);
        Assert.Equal(before.DetectorStatistic, evidence.DetectorStatistic);
    }

    [Fact]
    public void More_events_than_trials_are_refused()
    {
        var rule = new BernoulliRule(0.05, 0.00375, 0.00125);
        var evidence = default(BernoulliEvidence);
        Assert.Throws<ArgumentOutOfRangeException>(() => rule.Observe(ref evidence, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => rule.Observe(ref evidence, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => rule.Observe(ref evidence, -1, 5));
    }
}
