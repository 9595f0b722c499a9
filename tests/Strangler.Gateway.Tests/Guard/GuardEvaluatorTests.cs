using Strangler.Bucketing;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Rollout.Loading;

namespace Strangler.Gateway.Tests.Guard;

public sealed class GuardEvaluatorTests
{
    [Fact]
    public void Thirty_percent_errors_at_100_per_second_revert_to_zero_within_five_seconds_of_a_minute_of_health()
    {
        var sim = new GuardSimulation(25);
        for (var i = 0; i < 60; i++)
        {
            Assert.NotEqual(GuardState.Tripped, sim.Tick(100, 0.0).State);
        }

        Assert.Equal(GuardState.Healthy, sim.Verdicts[^1].Verdict.State);
        var faultStart = sim.Second;
        for (var i = 0; i < 10 && sim.Reverts.Count == 0; i++)
        {
            sim.Tick(100, 0.30);
        }

        var (second, to) = Assert.Single(sim.Reverts);
        Assert.Equal(Percentage.Zero, to);
        Assert.True(second - faultStart + 1 <= 5, $"reverted {second - faultStart + 1} s after the fault started");
        TestContext.Current.TestOutputHelper?.WriteLine($"reverted to 0 % at the end of second {second - faultStart + 1} of the fault");
        var tripped = sim.Verdicts[^1].Verdict;
        Assert.Equal(GuardRule.CriticalErrorRate, tripped.Breach!.Rule);
        Assert.Equal(GuardWindow.Fast, tripped.Breach.Window);
    }

    [Fact]
    public void Four_percent_errors_at_the_25_percent_step_revert_to_10()
    {
        var sim = new GuardSimulation(25);
        for (var i = 0; i < 120 && sim.Reverts.Count == 0; i++)
        {
            sim.Tick(200, 0.04);
        }

        var (at, to) = Assert.Single(sim.Reverts);
        Assert.Equal(Percentage.FromPercent(10), to);
        TestContext.Current.TestOutputHelper?.WriteLine($"4 % errors at 25 %: reverted to 10 % after {at - 1_000_000 + 1} s");
        var verdict = sim.Verdicts[^1].Verdict;
        Assert.Equal(GuardRule.WarningErrorRate, verdict.Breach!.Rule);
        Assert.Equal(3, verdict.Breach.Threshold);
        Assert.True(verdict.Breach.Bound > 3);
    }

    [Fact]
    public void Five_requests_per_second_with_one_error_is_insufficient_data_not_a_revert()
    {
        var sim = new GuardSimulation(10);
        for (var i = 0; i < 10; i++)
        {
            sim.Tick(5, i == 4 ? 0.2 : 0);
        }

        Assert.Empty(sim.Reverts);
        Assert.All(sim.Verdicts, v => Assert.Equal(GuardState.InsufficientData, v.Verdict.State));
        Assert.Contains("insufficient data", sim.Verdicts[^1].Verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void When_v3_fails_as_badly_the_verdict_is_inconclusive_once_per_episode_and_nothing_reverts()
    {
        var sim = new GuardSimulation(50);
        for (var i = 0; i < 20; i++)
        {
            sim.Tick(100, 0.30, v3Requests: 100, v3ErrorRate: 0.30);
        }

        Assert.Empty(sim.Reverts);
        Assert.Equal(1, sim.Verdicts.Count(v => v.Verdict.RecordInconclusive));
        Assert.Equal(GuardState.Inconclusive, sim.Verdicts[^1].Verdict.State);

        // v3 recovers while v4 keeps failing: now v4 is to blame.
        for (var i = 0; i < 10 && sim.Reverts.Count == 0; i++)
        {
            sim.Tick(100, 0.30, v3Requests: 100, v3ErrorRate: 0);
        }

        Assert.Equal(Percentage.Zero, Assert.Single(sim.Reverts).To);
    }

    [Fact]
    public void The_shared_failure_policy_revert_reverts_anyway()
    {
        var sim = new GuardSimulation(50, BuiltInDefaults.Guard with { OnSharedFailure = Gateway.Rollout.Model.SharedFailurePolicy.Revert });
        for (var i = 0; i < 10 && sim.Reverts.Count == 0; i++)
        {
            sim.Tick(100, 0.30, v3Requests: 100, v3ErrorRate: 0.30);
        }

        Assert.Single(sim.Reverts);
    }

    [Fact]
    public void Flapping_v4_is_reverted_exactly_once()
    {
        var sim = new GuardSimulation(25);
        for (var cycle = 0; cycle < 6; cycle++)
        {
            for (var s = 0; s < 10; s++)
            {
                sim.Tick(sim.V4Share(400), 0.30);
            }

            for (var s = 0; s < 10; s++)
            {
                sim.Tick(sim.V4Share(400), 0.0);
            }
        }

        Assert.Single(sim.Reverts);
    }

    [Fact]
    public void A_breach_needs_consecutive_evaluations()
    {
        var sim = new GuardSimulation(50);
        for (var i = 0; i < 30; i++)
        {
            sim.Tick(200, 0);
        }

        Assert.Equal(GuardState.Breaching, sim.Tick(200, 1.0).State);
        Assert.Equal(GuardState.Breaching, sim.Tick(200, 1.0).State);
        Assert.Equal(GuardState.Tripped, sim.Tick(200, 1.0).State);
    }

    [Fact]
    public void Slow_responses_trip_the_latency_rules()
    {
        var sim = new GuardSimulation(50);
        for (var i = 0; i < 10 && sim.Reverts.Count == 0; i++)
        {
            sim.Tick(200, 0, latencyMicros: 2_500_000);
        }

        Assert.Equal(Percentage.Zero, Assert.Single(sim.Reverts).To);
        Assert.Equal(GuardRule.CriticalP95, sim.Verdicts[^1].Verdict.Breach!.Rule);

        var warning = new GuardSimulation(50);
        for (var i = 0; i < 90 && warning.Reverts.Count == 0; i++)
        {
            warning.Tick(200, 0, latencyMicros: 900_000);
        }

        Assert.Equal(Percentage.FromPercent(25), Assert.Single(warning.Reverts).To);
        Assert.Equal(GuardRule.WarningP95, warning.Verdicts[^1].Verdict.Breach!.Rule);
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(10, 5)]
    [InlineData(12.5, 10)]
    [InlineData(25, 10)]
    [InlineData(100, 50)]
    public void A_warning_revert_goes_to_the_previous_step(decimal current, decimal expected) =>
        Assert.Equal(Percentage.FromPercent(expected), GuardEvaluator.PreviousStep(BuiltInDefaults.Steps, Percentage.FromPercent(current)));

    [Fact]
    public void Healthy_needs_confidence_not_just_few_errors()
    {
        var sim = new GuardSimulation(25);
        for (var i = 0; i < 12; i++)
        {
            sim.Tick(5, 0);
        }

        Assert.Equal(GuardState.InsufficientData, sim.Verdicts[^1].Verdict.State);
        for (var i = 0; i < 30; i++)
        {
            sim.Tick(50, 0);
        }

        Assert.Equal(GuardState.Healthy, sim.Verdicts[^1].Verdict.State);
    }

    [Theory]
    [InlineData(0.95, 1.6449)]
    [InlineData(0.99, 2.3263)]
    [InlineData(0.975, 1.9600)]
    [InlineData(0.5, 0.0)]
    public void Z_values_match_the_normal_distribution(double confidence, double z) =>
        Assert.Equal(z, ConfidenceBounds.Z(confidence), 3);

    [Theory]
    [InlineData(10, 100, 1.96, 0.0552, 0.1744)]
    [InlineData(0, 50, 1.96, 0.0, 0.0713)]
    [InlineData(50, 50, 1.96, 0.9287, 1.0)]
    public void Wilson_bounds_match_published_values(long k, long n, double z, double lower, double upper)
    {
        Assert.Equal(lower, ConfidenceBounds.WilsonLower(k, n, z), 3);
        Assert.Equal(upper, ConfidenceBounds.WilsonUpper(k, n, z), 3);
    }
}
