using Strangler.Bucketing;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Guard;

/// <summary>
/// The guard's judgement as a pure function of window statistics, thresholds and memory.
/// <list type="bullet">
/// <item>A breach needs at least MinRequests in the judged window and a confidence bound beyond the
/// threshold: the Wilson lower bound of the error rate, or the order-statistic lower bound of p95.</item>
/// <item>Critical thresholds are judged on a fast window (the last few seconds) as well as the full
/// one, so a sudden failure reverts within seconds even when the full window still holds a minute
/// of healthy traffic; warning thresholds are judged on the full window only.</item>
/// <item>Only <see cref="GuardPolicy.ConsecutiveBreaches"/> breaching evaluations in a row act:
/// critical reverts to 0 %, warning to the previous step.</item>
/// <item>When v3 breaches the same rule over the same window, the cause is shared (database,
/// network): inconclusive, no revert (unless the policy says revert).</item>
/// <item>Healthy needs enough traffic and the upper bounds within the warning thresholds;
/// anything in between is insufficient data.</item>
/// </list>
/// </summary>
internal static class GuardEvaluator
{
    /// <summary>Length of the fast window in seconds (the current, partial second included).</summary>
    public const int FastWindowSeconds = 3;

    public static GuardVerdict Evaluate(GuardInput input)
    {
        var policy = input.Policy;
        var critical = policy.Critical;
        var warning = policy.ForPercentage(input.Percentage);

        GuardVerdict Verdict(GuardState state, string detail, GuardMemory memory, Breach? breach = null, Percentage? revertTo = null, bool inconclusive = false) =>
            new(state, detail, breach, revertTo, inconclusive, memory, input.V4Full, input.V3Full, warning, critical);

        if (!policy.Enabled || input.Stage is not (RolloutStage.Partial or RolloutStage.Full))
        {
            var why = policy.Enabled ? $"stage {input.Stage.ToName()} is not watched" : "guard disabled for this feature";
            return Verdict(GuardState.Disarmed, why, GuardMemory.Fresh);
        }

        var z = ConfidenceBounds.Z(policy.Confidence);
        var breach = FindBreach(input.V4Fast, input.V4Full, critical, warning, policy.MinRequests, z);
        if (breach is null)
        {
            return Judge(input.V4Full, warning, policy.MinRequests, z) is { } healthy
                ? Verdict(GuardState.Healthy, healthy, GuardMemory.Fresh)
                : Verdict(GuardState.InsufficientData, NotEnough(input.V4Full, warning, policy.MinRequests), GuardMemory.Fresh);
        }

        var v3 = breach.Window == GuardWindow.Fast ? input.V3Fast : input.V3Full;
        if (policy.OnSharedFailure == SharedFailurePolicy.Hold && Breaches(breach, v3, policy.MinRequests, z))
        {
            var first = !input.Memory.InInconclusiveEpisode;
            return Verdict(
                GuardState.Inconclusive,
                $"shared failure: v4 and v3 both breach {breach.Rule.ToName()} ({Describe(breach)}); not reverting",
                new GuardMemory(0, true),
                breach,
                inconclusive: first);
        }

        var consecutive = input.Memory.Consecutive + 1;
        if (consecutive < policy.ConsecutiveBreaches)
        {
            return Verdict(
                GuardState.Breaching,
                $"{breach.Rule.ToName()} {consecutive}/{policy.ConsecutiveBreaches}: {Describe(breach)}",
                new GuardMemory(consecutive, false),
                breach);
        }

        var target = breach.Critical ? Percentage.Zero : PreviousStep(input.Steps, input.Percentage);
        return Verdict(
            GuardState.Tripped,
            $"{breach.Rule.ToName()} for {consecutive} evaluations: {Describe(breach)}; reverting to {target} %",
            GuardMemory.Fresh,
            breach,
            target);
    }

    /// <summary>The highest configured step strictly below the current percentage, or 0.</summary>
    public static Percentage PreviousStep(System.Collections.Immutable.ImmutableArray<Percentage> steps, Percentage current)
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

    private static Breach? FindBreach(WindowStats fast, WindowStats full, Thresholds critical, Thresholds warning, int min, double z) =>
        ErrorBreach(fast, GuardWindow.Fast, GuardRule.CriticalErrorRate, true, critical, min, z)
        ?? LatencyBreach(fast, GuardWindow.Fast, GuardRule.CriticalP95, true, critical, min, z)
        ?? ErrorBreach(full, GuardWindow.Full, GuardRule.CriticalErrorRate, true, critical, min, z)
        ?? LatencyBreach(full, GuardWindow.Full, GuardRule.CriticalP95, true, critical, min, z)
        ?? ErrorBreach(full, GuardWindow.Full, GuardRule.WarningErrorRate, false, warning, min, z)
        ?? LatencyBreach(full, GuardWindow.Full, GuardRule.WarningP95, false, warning, min, z);

    private static Breach? ErrorBreach(WindowStats stats, GuardWindow window, GuardRule rule, bool critical, Thresholds thresholds, int min, double z)
    {
        if (stats.Requests < min)
        {
            return null;
        }

        var bound = ConfidenceBounds.WilsonLower(stats.Errors, stats.Requests, z) * 100;
        return bound > thresholds.MaxErrorPercent
            ? new Breach(rule, critical, window, stats.ErrorRate * 100, bound, thresholds.MaxErrorPercent)
            : null;
    }

    private static Breach? LatencyBreach(WindowStats stats, GuardWindow window, GuardRule rule, bool critical, Thresholds thresholds, int min, double z)
    {
        if (stats.Requests < min)
        {
            return null;
        }

        var bound = stats.QuantileLowerBoundMs(0.95, z);
        return bound > thresholds.MaxP95Ms
            ? new Breach(rule, critical, window, stats.P95Ms, bound, thresholds.MaxP95Ms)
            : null;
    }

    private static bool Breaches(Breach rule, WindowStats v3, int min, double z)
    {
        if (v3.Requests < min)
        {
            return false;
        }

        return rule.Rule.IsErrorRate()
            ? ConfidenceBounds.WilsonLower(v3.Errors, v3.Requests, z) * 100 > rule.Threshold
            : v3.QuantileLowerBoundMs(0.95, z) > rule.Threshold;
    }

    /// <summary>A healthy description, or null when the evidence is not enough to call it healthy.</summary>
    private static string? Judge(WindowStats full, Thresholds warning, int min, double z)
    {
        if (full.Requests < min)
        {
            return null;
        }

        var errorUpper = ConfidenceBounds.WilsonUpper(full.Errors, full.Requests, z) * 100;
        var p95Upper = full.QuantileUpperBoundMs(0.95, z);
        return errorUpper <= warning.MaxErrorPercent && p95Upper <= warning.MaxP95Ms
            ? $"healthy: {full.Requests} requests, {full.ErrorRate * 100:0.##} % errors (at most {errorUpper:0.##} %), p95 {full.P95Ms:0} ms (at most {p95Upper:0} ms)"
            : null;
    }

    private static string NotEnough(WindowStats full, Thresholds warning, int min) =>
        full.Requests < min
            ? $"insufficient data: {full.Requests} v4 requests in the window, {min} needed"
            : $"insufficient data: {full.Requests} requests, {full.ErrorRate * 100:0.##} % errors, p95 {full.P95Ms:0} ms: not yet confidently within {warning.MaxErrorPercent} % and {warning.MaxP95Ms} ms";

    private static string Describe(Breach b) => b.Rule.IsErrorRate()
        ? $"{b.Observed:0.##} % errors over the {b.Window.ToName()} window (at least {b.Bound:0.##} % with confidence) > {b.Threshold} %"
        : $"p95 {b.Observed:0} ms over the {b.Window.ToName()} window (at least {b.Bound:0} ms with confidence) > {b.Threshold} ms";
}
