using Strangler.Bucketing;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Guard;

/// <summary>The numbers and text of a verdict, read from the evidence after the decision (for status and events, not for deciding).</summary>
internal static class GuardVerdicts
{
    public static GuardVerdict Make(in GuardInput input, GuardState state, string detail, Breach? breach = null, Percentage? revertTo = null, bool inconclusive = false) =>
        new(state, detail, breach, revertTo, inconclusive, input.V4Full, input.V3Full, input.Rules.Warning, input.Rules.Critical);

    /// <summary>What a crossed rule saw: observed value, confidence bound and threshold, in the rule's unit.</summary>
    public static Breach Breach(in GuardInput input, in GuardMemory memory, GuardRule rule, Crossing test, bool v3)
    {
        var rules = input.Rules;
        if (rule == GuardRule.RelativeErrorRate)
        {
            var relative = memory.Evidence.Relative;
            // A conservative bound on the difference: v4's lower bound minus v3's upper bound, each at half the rule's α.
            var alpha = rules.Relative!.CumulativeAlpha / 2;
            var bounds = new BernoulliRule(0.01, alpha, alpha);
            var lower = bounds.LowerConfidenceBound(relative.V4Errors, relative.V4Requests) - bounds.UpperConfidenceBound(relative.V3Errors, relative.V3Requests, alpha);
            return new Breach(rule, false, test, relative.ObservedDifference * 100, Math.Max(lower, -1) * 100, rules.Relative.Margin * 100);
        }

        var critical = rule.IsCritical();
        var thresholds = critical ? rules.Critical : rules.Warning;
        var (bernoulli, evidence) = memory.Evidence.For(rules, rule, v3);
        if (rule.IsErrorRate())
        {
            var recent = v3 ? input.V3Recent : input.V4Recent;
            var reading = bernoulli!.Read(evidence);
            // The change detector judges recent seconds: their rate says more than the rate since the start.
            var observed = test.HasFlag(Crossing.Cumulative) ? reading.Rate : recent.ErrorRate;
            var bound = test.HasFlag(Crossing.Cumulative)
                ? reading.LowerBound
                : bernoulli.LowerConfidenceBound(recent.Errors, recent.Requests);
            return new Breach(rule, critical, test, observed * 100, bound * 100, thresholds.MaxErrorPercent);
        }

        // p95: more than 5 % of requests at or above the effective threshold means p95 is at least that, with confidence.
        var stats = v3 ? input.V3Full : input.V4Full;
        return new Breach(rule, critical, test, stats.P95Ms, SlowRequests.EffectiveThresholdMs(thresholds.MaxP95Ms), thresholds.MaxP95Ms);
    }

    public static string Describe(Breach b)
    {
        var test = b.Test.HasFlag(Crossing.Cumulative) ? "since the step's evidence began" : $"over the last {GuardEvaluator.RecentSeconds} s (change detector)";
        return b.Rule switch
        {
            GuardRule.RelativeErrorRate => $"v4's error rate exceeds v3's by {b.Observed:0.##} pp {test} (at least {b.Bound:0.##} pp with confidence) > {b.Threshold:0.##} pp",
            _ when b.Rule.IsErrorRate() => $"{b.Observed:0.##} % errors {test} (at least {b.Bound:0.##} % with confidence) > {b.Threshold} %",
            _ => $"p95 {b.Observed:0} ms over the window: more than 5 % of requests took {b.Bound:0.#} ms or longer, with confidence, so p95 > {b.Threshold} ms",
        };
    }

    /// <summary>No rule crossed: healthy when the upper bounds are within the warning thresholds, else insufficient data.</summary>
    public static GuardVerdict Judge(in GuardInput input, in GuardMemory memory)
    {
        var rules = input.Rules;
        var (errorRule, errors) = memory.Evidence.For(rules, GuardRule.WarningErrorRate);
        var (slowRule, slow) = memory.Evidence.For(rules, GuardRule.WarningP95);
        var requests = slow.Trials;
        if (requests < input.Policy.MinRequests)
        {
            return Make(input, GuardState.InsufficientData, $"insufficient data: {requests} v4 requests since the step's evidence began, {input.Policy.MinRequests} needed");
        }

        var errorUpper = errorRule is null ? 0 : errorRule.UpperConfidenceBound(errors.Events, errors.Trials, errorRule.CumulativeAlpha) * 100;
        var slowUpper = slowRule!.UpperConfidenceBound(slow.Events, slow.Trials, slowRule.CumulativeAlpha) * 100;
        var errorPercent = errors.Trials == 0 ? 0 : 100.0 * errors.Events / errors.Trials;
        var slowPercent = 100.0 * slow.Events / slow.Trials;
        var warning = rules.Warning;
        var numbers = $"{requests} requests since the step's evidence began, {errorPercent:0.##} % errors (at most {errorUpper:0.##} % with confidence), "
            + $"{slowPercent:0.##} % at or above {SlowRequests.EffectiveThresholdMs(warning.MaxP95Ms):0.#} ms (at most {slowUpper:0.##} %); p95 over the window {input.V4Full.P95Ms:0} ms";
        return errorUpper <= warning.MaxErrorPercent && slowUpper <= SlowRequests.NullShare * 100
            ? Make(input, GuardState.Healthy, $"healthy: {numbers}")
            : Make(input, GuardState.InsufficientData, $"insufficient data: {numbers}: not yet confidently within {warning.MaxErrorPercent} % and p95 {warning.MaxP95Ms} ms");
    }
}
