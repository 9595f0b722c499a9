using System.Diagnostics;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Guard.Statistics.Sampling;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.GuardCalibration;

/// <summary>CPU time per simulated second of each part (one thread), to see where a simulation spends it.</summary>
internal static class Profile
{
    public static void Run(double v4Rate, int seconds)
    {
        var random = new SimulationRandom(1, 1);
        var h4 = new long[LatencyBuckets.Count];
        var h3 = new long[LatencyBuckets.Count];
        var v4 = new BackendTraffic(Arrivals.Poisson, 0.04, LatencyDistribution.LogNormal(100));
        var v3 = new BackendTraffic(Arrivals.Poisson, 0.04, LatencyDistribution.LogNormal(100));
        var rules = new SequentialRules(BuiltInDefaults.Guard.ForPercentage(Strangler.Bucketing.Percentage.FromPercent(10)), BuiltInDefaults.Guard.Critical, 1, SharedFailurePolicy.Hold, AlphaBudget.Default);
        var s4 = v4.At(v4Rate);
        var s3 = v3.At(9 * v4Rate);
        var mass = v3.Latency.BucketsWithMass.Length;
        Console.WriteLine($"buckets with mass {mass}; dense at {9 * v4Rate}/s: {v3.Latency.Probabilities.Count(p => p * 9 * v4Rate >= 1)}; sparse mean {v3.Latency.Probabilities.Where(p => p * 9 * v4Rate < 1).Sum() * 9 * v4Rate:0.00}");
        var counts4 = new SecondCounts[seconds];
        var counts3 = new SecondCounts[seconds];

        Measure("v4+v3 sample, then rules", () =>
        {
            var evidence = default(SequentialEvidence);
            for (var t = 0; t < seconds; t++)
            {
                var a = s4.Sample(random, h4);
                var b = s3.Sample(random, h3);
                evidence.Observe(rules, a, h4, b, h3);
            }
        });
        Measure($"v4 sample at {v4Rate}/s", () =>
        {
            for (var t = 0; t < seconds; t++)
            {
                counts4[t] = s4.Sample(random, h4);
            }
        });
        Measure($"v3 sample at {9 * v4Rate}/s", () =>
        {
            for (var t = 0; t < seconds; t++)
            {
                counts3[t] = s3.Sample(random, h3);
            }
        });
        var table = AliasTable.Poisson(9 * v4Rate);
        Measure("alias Poisson v3 table", () =>
        {
            for (var t = 0; t < seconds; t++)
            {
                counts4[t] = new SecondCounts(table.Sample(random), 0);
            }
        });
        Measure($"binomial n={9 * v4Rate}", () =>
        {
            for (var t = 0; t < seconds; t++)
            {
                counts4[t] = new SecondCounts(BinomialSampler.Sample(random, (long)(9 * v4Rate), 0.04), 0);
            }
        });
        Measure("uniforms x10", () =>
        {
            var sum = 0.0;
            for (var t = 0; t < seconds; t++)
            {
                for (var i = 0; i < 10; i++)
                {
                    sum += random.NextDouble();
                }
            }

            counts4[0] = new SecondCounts((long)sum, 0);
        });
        Measure("poisson v4", () =>
        {
            for (var t = 0; t < seconds; t++)
            {
                counts4[t] = new SecondCounts(PoissonSampler.Sample(random, v4Rate), 0);
            }
        });
        Measure("rules (v4 + v3 + relative)", () =>
        {
            var evidence = default(SequentialEvidence);
            for (var t = 0; t < seconds; t++)
            {
                evidence.Observe(rules, counts4[t], h4, counts3[t], h3);
            }
        });
        var rule = rules.WarningErrors!;
        Measure("one Bernoulli rule", () =>
        {
            var evidence = default(BernoulliEvidence);
            for (var t = 0; t < seconds; t++)
            {
                rule.Observe(ref evidence, counts4[t].Errors, counts4[t].Requests);
            }
        });
        Measure("relative rule", () =>
        {
            var evidence = default(RelativeEvidence);
            for (var t = 0; t < seconds; t++)
            {
                rules.Relative!.Observe(ref evidence, counts4[t].Errors, counts4[t].Requests, counts3[t].Errors, counts3[t].Requests);
            }
        });

        void Measure(string name, Action action)
        {
            // The least of five runs after a warm-up: the machine is shared, and the first runs include JIT work.
            action();
            var best = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                action();
                best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1e6 / seconds);
            }

            Console.WriteLine($"{name,-32} {best,8:0} ns CPU per second");
        }
    }
}
