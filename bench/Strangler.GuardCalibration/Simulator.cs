using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Guard.Statistics.Sampling;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.GuardCalibration;

/// <summary>
/// Runs a scenario many times in parallel: every second, v4's and v3's counts are drawn for the
/// effective percentage, fed to the sequential rules, and the decision applied the way the guard
/// applies it (previous step, 0 %, evidence reset on every change).
/// </summary>
internal static class Simulator
{
    private static readonly ImmutableArray<Percentage> Steps = BuiltInDefaults.Steps;

    public static RunOutcome[] Run(Scenario scenario, ulong seed, AlphaBudget budget)
    {
        var outcomes = new RunOutcome[scenario.Runs];
        var total = scenario.V4RequestsPerSecond / 0.10;
        var rulesByStep = new Dictionary<Percentage, SequentialRules>();
        foreach (var step in Steps.Prepend(Percentage.Zero))
        {
            rulesByStep[step] = new SequentialRules(
                BuiltInDefaults.Guard.ForPercentage(step),
                BuiltInDefaults.Guard.Critical,
                scenario.MarginPercentagePoints,
                SharedFailurePolicy.Hold,
                budget);
        }

        var v4Before = new BackendTraffic(Arrivals.Poisson, scenario.V4ErrorRate, LatencyDistribution.LogNormal(scenario.V4P95Ms));
        var v4After = new BackendTraffic(Arrivals.Poisson, scenario.FaultErrorRate ?? scenario.V4ErrorRate, LatencyDistribution.LogNormal(scenario.FaultP95Ms ?? scenario.V4P95Ms));
        var v3 = new BackendTraffic(Arrivals.Poisson, scenario.V3ErrorRate, LatencyDistribution.LogNormal(scenario.V3P95Ms));

        // One sampler per (backend, step): each precomputes its tables for that rate.
        var samplers = Steps.Prepend(Percentage.Zero).ToDictionary(
            step => step,
            step =>
            {
                var share = (double)step.Value / 100;
                return (Before: v4Before.At(total * share), After: v4After.At(total * share), V3: v3.At(total * (1 - share)));
            });

        Parallel.For(0, scenario.Runs, () => (new long[LatencyBuckets.Count], new long[LatencyBuckets.Count]), (run, _, buffers) =>
        {
            var (h4, h3) = buffers;
            var random = new SimulationRandom(seed, (ulong)run);
            var percentage = Percentage.FromPercent(10);
            var rules = rulesByStep[percentage];
            var evidence = default(SequentialEvidence);
            int? first = null, zero = null;
            GuardRule? firstRule = null;
            var firstCrossing = Crossing.None;
            var inconclusive = 0;
            for (var t = 0; t < scenario.DurationSeconds; t++)
            {
                var sampler = samplers[percentage];
                var c4 = (t >= scenario.FaultStartSecond ? sampler.After : sampler.Before).Sample(random, h4);
                var c3 = sampler.V3.Sample(random, h3);
                var decision = evidence.Observe(rules, c4, h4, c3, h3);
                if (decision.Action == SequentialAction.Inconclusive)
                {
                    inconclusive++;
                }

                if (decision.Action is not (SequentialAction.RevertToPreviousStep or SequentialAction.RevertToZero))
                {
                    continue;
                }

                var since = t + 1 - scenario.FaultStartSecond;
                if (first is null)
                {
                    first = since;
                    firstRule = decision.Rule;
                    firstCrossing = decision.Crossing;
                }

                var target = decision.Action == SequentialAction.RevertToZero ? Percentage.Zero : GuardEvaluator.PreviousStep(Steps, percentage);
                if (target == Percentage.Zero)
                {
                    zero = since;
                    break;
                }

                if (scenario.StopAtFirstRevert)
                {
                    break;
                }

                var keep = scenario.KeepCriticalEvidence && decision.Action == SequentialAction.RevertToPreviousStep;
                percentage = target;
                rules = rulesByStep[percentage];
                evidence.Reset(keep);
            }

            outcomes[run] = new RunOutcome(first, firstRule, firstCrossing, zero, inconclusive);
            return buffers;
        }, _ => { });

        return outcomes;
    }
}
