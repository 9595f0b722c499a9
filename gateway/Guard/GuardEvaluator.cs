using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Guard;

/// <summary>
/// The guard's judgement as a pure function of the step's <see cref="SequentialRules"/>, the new
/// observation and the memory (the evidence since the last percentage change):
/// <list type="bullet">
/// <item>the decision is <see cref="GuardMemory.Observe"/>'s: anytime-valid tests of v4's error rate
/// and slow-request share against the step's warning and critical thresholds, and of v4's error rate
/// against v3's plus a margin, so that P(any revert during a step, however long) ≤ α while v4 is within
/// them; a critical rule reverts to 0 %, the others to the previous step;</item>
/// <item>when v3 crosses the same absolute rule over the same seconds the cause is shared: inconclusive,
/// no revert (unless the policy says revert, or v4 is also worse than v3 by more than the margin);</item>
/// <item>healthy needs <see cref="GuardPolicy.MinRequests"/> v4 requests and the anytime-valid upper
/// bounds of the error rate and the slow share within the warning thresholds; anything in between is
/// insufficient data.</item>
/// </list>
/// The verdict's text and numbers (<see cref="GuardVerdicts"/>) are read from the evidence after the decision.
/// </summary>
internal static class GuardEvaluator
{
    /// <summary>Completed seconds shown as the recent rate when a change detector fires.</summary>
    public const int RecentSeconds = 3;

    /// <param name="memory">The evidence so far, updated in place (started afresh when the feature is not watched).</param>
    public static GuardVerdict Evaluate(in GuardInput input, ref GuardMemory memory)
    {
        var policy = input.Policy;
        var rules = input.Rules;
        if (!policy.Enabled || input.Stage is not (RolloutStage.Partial or RolloutStage.Full))
        {
            var why = policy.Enabled ? $"stage {input.Stage.ToName()} is not watched" : "guard disabled for this feature";
            memory = GuardMemory.Fresh;
            return GuardVerdicts.Make(input, GuardState.Disarmed, why);
        }

        var decision = memory.Observe(rules, input.Second, out var firstOfEpisode);
        if (decision is { Rule: { } rule, Action: SequentialAction.RevertToZero or SequentialAction.RevertToPreviousStep })
        {
            var target = RevertTarget(decision.Action, input.Steps, input.Percentage);
            var breach = GuardVerdicts.Breach(input, memory, rule, decision.Crossing, v3: false);
            return GuardVerdicts.Make(
                input,
                GuardState.Tripped,
                $"{rule.ToName()}: {GuardVerdicts.Describe(breach)}; reverting to {target} %",
                breach,
                target);
        }

        if (decision is { Rule: { } shared, Action: SequentialAction.Inconclusive })
        {
            var breach = GuardVerdicts.Breach(input, memory, shared, decision.Crossing, v3: false);
            return GuardVerdicts.Make(
                input,
                GuardState.Inconclusive,
                $"shared failure: v4 and v3 both breach {shared.ToName()} ({GuardVerdicts.Describe(breach)}); not reverting",
                breach,
                inconclusive: firstOfEpisode);
        }

        return GuardVerdicts.Judge(input, memory);
    }

    /// <summary>Where a decision sends the feature: 0 % for a critical rule, else the previous step.</summary>
    public static Percentage RevertTarget(SequentialAction action, ImmutableArray<Percentage> steps, Percentage current) =>
        action == SequentialAction.RevertToZero ? Percentage.Zero : PreviousStep(steps, current);

    /// <summary>The highest configured step strictly below the current percentage, or 0.</summary>
    public static Percentage PreviousStep(ImmutableArray<Percentage> steps, Percentage current)
    {
        var previous = Percentage.Zero;
        foreach (var step in steps)
        {
            if (step < current && step > previous)
            {
                previous = step;
            }
        }

        return previous;
    }

    /// <summary>The rules for a step: its thresholds, the critical ones, its margin, the policy's α.</summary>
    public static SequentialRules RulesFor(GuardPolicy policy, Percentage percentage) => new(
        policy.ForPercentage(percentage),
        policy.Critical,
        policy.MarginFor(percentage),
        policy.OnSharedFailure,
        AlphaBudget.Default with { Total = policy.Alpha },
        policy.MinRequests);
}
