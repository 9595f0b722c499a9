using Strangler.Bucketing;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Guard.Statistics.Sampling;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Cli.Simulate;

/// <summary>
/// Runs the guard's own decision code (<see cref="GuardMemory.Observe"/>, <see cref="GuardEvaluator.RulesFor"/>,
/// <see cref="GuardEvaluator.RevertTarget"/>, the evidence reset of the guard service) on seeded
/// synthetic traffic, one simulated second at a time, many runs in parallel. Traffic follows the
/// percentage: after a revert v4 gets its smaller share and v3 the rest. A run ends at 0 % or at the
/// end of the duration. Only the verdict's text and display numbers, which decide nothing, are skipped.
/// <see cref="SimulatedGuard.Windowed"/> runs the guard before the sequential rules instead
/// (<see cref="WindowedGuard"/>), for comparison.
/// </summary>
internal static class GuardSimulation
{
    public static SimulationResult Run(FeatureConfig feature, SimulationScenario scenario)
    {
        var start = feature.Percentage;
        var share = (double)start.Value / 100;
        var total4 = scenario.V4RequestsPerSecond / share;
        var total3 = share < 1 ? scenario.V3RequestsPerSecond / (1 - share) : scenario.V3RequestsPerSecond;
        var v4 = new BackendTraffic(Arrivals.Poisson, scenario.V4ErrorRate, LatencyDistribution.LogNormal(scenario.V4P95Ms));
        var v3 = new BackendTraffic(Arrivals.Poisson, scenario.V3ErrorRate, LatencyDistribution.LogNormal(scenario.V3P95Ms));
        var v4Before = v3;
        var percentages = feature.Steps.Where(s => s < start).Prepend(Percentage.Zero).Append(start).Distinct().ToArray();
        var byPercentage = percentages.ToDictionary(
            p => p,
            p =>
            {
                var s = (double)p.Value / 100;
                return (Rules: GuardEvaluator.RulesFor(feature.Guard, p), Warning: feature.Guard.ForPercentage(p), V4: v4.At(total4 * s), V4Before: v4Before.At(total4 * s), V3: v3.At(share < 1 ? total3 * (1 - s) : total3));
            });

        var outcomes = new RunResult[scenario.Runs];
        Parallel.For(0, scenario.Runs, () => (new long[LatencyBuckets.Count], new long[LatencyBuckets.Count]), (run, _, buffers) =>
        {
            var (h4, h3) = buffers;
            var random = new SimulationRandom(scenario.Seed, (ulong)run);
            var percentage = start;
            var step = byPercentage[percentage];
            var memory = GuardMemory.Fresh;
            var windowed = scenario.Guard == SimulatedGuard.Windowed ? new WindowedGuard(feature.Guard) : null;
            long? first = null, zero = null;
            GuardRule? rule = null;
            for (long t = 0; t < scenario.DurationSeconds && percentage > Percentage.Zero; t++)
            {
                var v4Now = t < scenario.V4HealthySeconds ? step.V4Before : step.V4;
                var second = new GuardSecond(v4Now.Sample(random, h4), h4, step.V3.Sample(random, h3), h3);
                SequentialAction action;
                GuardRule? fired;
                if (windowed is null)
                {
                    var decision = memory.Observe(step.Rules, second, out var _);
                    (action, fired) = (decision.Action, decision.Rule);
                }
                else
                {
                    (action, fired) = windowed.Observe(second.V4, second.V3, step.Warning);
                }

                if (action is not (SequentialAction.RevertToZero or SequentialAction.RevertToPreviousStep))
                {
                    continue;
                }

                var target = GuardEvaluator.RevertTarget(action, feature.Steps, percentage);
                if (first is null)
                {
                    first = t + 1;
                    rule = fired;
                }

                // As the guard service does: a revert to a step keeps the critical rules' evidence
                // (the windowed guard started all its evidence again).
                memory.Reset(keepCritical: target > Percentage.Zero);
                windowed?.Reset();
                percentage = target;
                zero = target == Percentage.Zero ? t + 1 : null;
                if (percentage > Percentage.Zero)
                {
                    step = byPercentage[percentage];
                }
            }

            outcomes[run] = new RunResult(first, rule, zero);
            return buffers;
        }, _ => { });

        return SimulationResult.From(outcomes);
    }
}
