using Strangler.Gateway.Guard;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Tests.Guard.Statistics;

public sealed class SequentialEvidenceTests
{
    private static readonly Thresholds Warning = new(5, 1000);
    private static readonly Thresholds Critical = new(10, 2000);

    [Fact]
    public void A_healthy_second_calls_for_nothing()
    {
        var rules = Rules();
        var evidence = default(SequentialEvidence);
        for (var t = 0; t < 600; t++)
        {
            Assert.Equal(SequentialDecision.None, evidence.Observe(rules, new(10, t % 50 == 0 ? 1 : 0), Fast(10), new(90, 1), Fast(90)));
        }
    }

    [Fact]
    public void A_total_outage_reverts_to_zero_in_the_first_second()
    {
        var evidence = default(SequentialEvidence);
        var decision = evidence.Observe(Rules(), new(10, 10), Fast(10), new(90, 0), Fast(90));
        Assert.Equal(SequentialAction.RevertToZero, decision.Action);
        Assert.Equal(GuardRule.CriticalErrorRate, decision.Rule);
        Assert.True(evidence.ErrorGateOpen);
    }

    [Fact]
    public void A_breach_between_the_warning_and_critical_thresholds_reverts_to_the_previous_step()
    {
        var rules = Rules(margin: null);
        var decision = Run(rules, () => (new(100, 7), new(900, 6)), 600);
        Assert.Equal(SequentialAction.RevertToPreviousStep, decision.Action);
        Assert.Equal(GuardRule.WarningErrorRate, decision.Rule);
    }

    [Fact]
    public void When_v3_fails_as_badly_over_the_same_seconds_it_is_inconclusive_and_nothing_reverts()
    {
        var rules = Rules();
        var evidence = default(SequentialEvidence);
        var seen = new HashSet<SequentialAction>();
        for (var t = 0; t < 120; t++)
        {
            seen.Add(evidence.Observe(rules, new(20, 6), Fast(20), new(180, 54), Fast(180)).Action);
        }

        Assert.Contains(SequentialAction.Inconclusive, seen);
        Assert.DoesNotContain(SequentialAction.RevertToZero, seen);
        Assert.DoesNotContain(SequentialAction.RevertToPreviousStep, seen);
    }

    [Fact]
    public void With_the_revert_policy_a_shared_failure_reverts()
    {
        var decisions = Decisions(Rules(policy: SharedFailurePolicy.Revert), new(20, 6), new(180, 54), 120);
        Assert.DoesNotContain(SequentialAction.Inconclusive, decisions.Select(d => d.Action));
        Assert.Equal(new SequentialDecision(SequentialAction.RevertToPreviousStep, GuardRule.WarningErrorRate, Crossing.Cumulative), decisions.First(d => d.Action != SequentialAction.None));
        Assert.Contains(SequentialAction.RevertToZero, decisions.Select(d => d.Action));
    }

    [Fact]
    public void A_shared_breach_still_reverts_when_v4_is_clearly_worse_than_v3()
    {
        // Both exceed the critical threshold, but v4 by far more than the margin: not merely v3's failure.
        var decisions = Decisions(Rules(), new(20, 8), new(180, 22), 120);
        Assert.DoesNotContain(SequentialAction.Inconclusive, decisions.Select(d => d.Action));
        Assert.Contains(new SequentialDecision(SequentialAction.RevertToZero, GuardRule.CriticalErrorRate, Crossing.Cumulative), decisions);
    }

    [Fact]
    public void V4_worse_than_v3_by_more_than_the_margin_reverts_to_the_previous_step_within_the_absolute_thresholds()
    {
        var decision = Run(Rules(), () => (new(20, 1), new(180, 1)), 600);
        Assert.Equal(SequentialAction.RevertToPreviousStep, decision.Action);
        Assert.Equal(GuardRule.RelativeErrorRate, decision.Rule);
    }

    [Theory]
    [InlineData(1_500_000, "RevertToPreviousStep", "WarningP95")]
    [InlineData(3_000_000, "RevertToZero", "CriticalP95")]
    public void Slow_requests_trip_the_p95_rules(long slowMicroseconds, string action, string rule)
    {
        var slow = new long[LatencyBuckets.Count];
        slow[LatencyBuckets.Index(20_000)] = 10;
        slow[LatencyBuckets.Index(slowMicroseconds)] = 10;
        var rules = Rules();
        var evidence = default(SequentialEvidence);
        var decision = SequentialDecision.None;
        for (var t = 0; t < 60 && decision.Action == SequentialAction.None; t++)
        {
            decision = evidence.Observe(rules, new(20, 0), slow, new(180, 0), Fast(180));
        }

        Assert.Equal(Enum.Parse<SequentialAction>(action), decision.Action);
        Assert.Equal(Enum.Parse<GuardRule>(rule), decision.Rule);
    }

    [Fact]
    public void Resetting_for_a_warning_revert_keeps_the_critical_evidence_and_gates_only()
    {
        var rules = Rules();
        var evidence = default(SequentialEvidence);
        for (var t = 0; t < 30; t++)
        {
            evidence.Observe(rules, new(10, 3), Fast(10), new(90, 0), Fast(90));
        }

        Assert.True(evidence.ErrorGateOpen);
        var critical = evidence.For(rules, GuardRule.CriticalErrorRate).Evidence;

        evidence.Reset(keepCritical: true);
        Assert.True(evidence.ErrorGateOpen);
        Assert.Equal(critical.Trials, evidence.For(rules, GuardRule.CriticalErrorRate).Evidence.Trials);
        Assert.Equal(critical.DetectorStatistic, evidence.For(rules, GuardRule.CriticalErrorRate).Evidence.DetectorStatistic);
        Assert.Equal(90 * 30, evidence.For(rules, GuardRule.CriticalErrorRate, v3: true).Evidence.Trials);
        Assert.Equal(0, evidence.For(rules, GuardRule.WarningErrorRate).Evidence.Trials);
        Assert.Equal(0, evidence.Relative.V4Requests);

        evidence.Reset(keepCritical: false);
        Assert.False(evidence.ErrorGateOpen);
        Assert.Equal(0, evidence.For(rules, GuardRule.CriticalErrorRate).Evidence.Trials);
    }

    [Fact]
    public void Warning_thresholds_above_the_critical_ones_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SequentialRules(new(12, 1000), Critical, 1, SharedFailurePolicy.Hold, AlphaBudget.Default));
    }

    [Fact]
    public void An_error_threshold_of_100_percent_turns_its_rule_off()
    {
        var rules = new SequentialRules(new(100, 1000), new(100, 2000), null, SharedFailurePolicy.Hold, AlphaBudget.Default);
        Assert.Null(rules.WarningErrors);
        Assert.Null(rules.CriticalErrors);
        var evidence = default(SequentialEvidence);
        Assert.Equal(SequentialAction.None, evidence.Observe(rules, new(10, 10), Fast(10), new(90, 0), Fast(90)).Action);
    }

    private static SequentialRules Rules(double? margin = 1, SharedFailurePolicy policy = SharedFailurePolicy.Hold) =>
        new(Warning, Critical, margin, policy, AlphaBudget.Default);

    private static long[] Fast(long requests)
    {
        var histogram = new long[LatencyBuckets.Count];
        histogram[LatencyBuckets.Index(20_000)] = requests;
        return histogram;
    }

    /// <summary>The decision of every second, the evidence kept throughout (no revert applied).</summary>
    private static List<SequentialDecision> Decisions(SequentialRules rules, SecondCounts v4, SecondCounts v3, int seconds)
    {
        var evidence = default(SequentialEvidence);
        return [.. Enumerable.Range(0, seconds).Select(_ => evidence.Observe(rules, v4, Fast(v4.Requests), v3, Fast(v3.Requests)))];
    }

    private static SequentialDecision Run(SequentialRules rules, Func<(SecondCounts V4, SecondCounts V3)> second, int seconds)
    {
        var evidence = default(SequentialEvidence);
        for (var t = 0; t < seconds; t++)
        {
            var (v4, v3) = second();
            var decision = evidence.Observe(rules, v4, Fast(v4.Requests), v3, Fast(v3.Requests));
            if (decision.Action != SequentialAction.None)
            {
                return decision;
            }
        }

        return SequentialDecision.None;
    }
}
