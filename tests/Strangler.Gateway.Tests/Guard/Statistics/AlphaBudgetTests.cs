using Strangler.Gateway.Guard.Statistics;

namespace Strangler.Gateway.Tests.Guard.Statistics;

public sealed class AlphaBudgetTests
{
    [Fact]
    public void By_default_one_percent_is_shared_half_a_quarter_and_a_quarter()
    {
        var budget = AlphaBudget.Default;
        Assert.Equal(0.005, budget.FamilyAlpha(budget.ErrorShare, relativeOn: true), 1e-15);
        Assert.Equal(0.0025, budget.FamilyAlpha(budget.RelativeShare, relativeOn: true), 1e-15);
        Assert.Equal(0.0025, budget.FamilyAlpha(budget.LatencyShare, relativeOn: true), 1e-15);
        Assert.Equal(0.00375, budget.Cumulative(0.005), 1e-15);
        Assert.Equal(0.00125, budget.Detector(0.005), 1e-15);
    }

    [Fact]
    public void Without_the_relative_rule_its_share_goes_to_the_others()
    {
        var budget = AlphaBudget.Default;
        Assert.Equal(0.01 * 2 / 3, budget.FamilyAlpha(budget.ErrorShare, relativeOn: false), 1e-15);
        Assert.Equal(0.01 / 3, budget.FamilyAlpha(budget.LatencyShare, relativeOn: false), 1e-15);
    }

    [Fact]
    public void The_rules_that_can_revert_a_v4_within_every_threshold_spend_exactly_alpha()
    {
        // The critical rules are gated by their family's warning rule, so the union bound is over the
        // warning error rule, the relative rule and the warning p95 rule, each cumulative plus detector.
        var rules = new SequentialRules(new(5, 1000), new(10, 2000), 1, Gateway.Rollout.Model.SharedFailurePolicy.Hold, AlphaBudget.Default);
        var spent = new[] { (rules.WarningErrors!.CumulativeAlpha, rules.WarningErrors.Detector.Alpha), (rules.WarningSlow.CumulativeAlpha, rules.WarningSlow.Detector.Alpha), (rules.Relative!.CumulativeAlpha, rules.Relative.Detector.Alpha) }
            .Sum(a => a.Item1 + a.Item2);
        Assert.Equal(0.01, spent, 1e-15);
    }

    [Theory]
    [InlineData(0, 0.5, 0.25, 0.25, 0.25)]
    [InlineData(1, 0.5, 0.25, 0.25, 0.25)]
    [InlineData(0.01, 0, 0.25, 0.25, 0.25)]
    [InlineData(0.01, 0.5, -0.1, 0.25, 0.25)]
    [InlineData(0.01, 0.5, 0.25, 0.25, 1)]
    public void Bad_budgets_are_refused(double total, double error, double relative, double latency, double detector)
    {
        var budget = new AlphaBudget(total, error, relative, latency, detector);
        Assert.ThrowsAny<ArgumentException>(() => budget.FamilyAlpha(budget.ErrorShare, relativeOn: true));
    }
}
