using Strangler.Bucketing;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.State;
using Strangler.Gateway.Tests.State;

namespace Strangler.Gateway.Tests.Guard;

public sealed class StepPlannerTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_healthy_feature_advances_through_every_step_to_100_and_full()
    {
        var file = Features.Partial(5) with { AutoAdvance = true, StepInterval = TimeSpan.FromHours(1) };
        var state = RuntimeTransitions.FromFile(file, Start);
        var now = Start;
        var seen = new List<decimal>();
        while (true)
        {
            now += TimeSpan.FromHours(1);
            if (StepPlanner.Next(file, state, GuardState.Healthy, now) is not { } next)
            {
                break;
            }

            state = RuntimeTransitions.Advance(state, next, now);
            seen.Add(next.Value);
        }

        Assert.Equal([10m, 25m, 50m, 100m], seen);
        Assert.Equal(RolloutStage.Full, state.Stage);
    }

    [Theory]
    [InlineData("InsufficientData")]
    [InlineData("Inconclusive")]
    [InlineData("Disarmed")]
    public void Anything_but_healthy_holds(string verdict)
    {
        var file = Features.Partial(10) with { AutoAdvance = true };
        var state = RuntimeTransitions.FromFile(file, Start);
        Assert.Null(StepPlanner.Next(file, state, Enum.Parse<GuardState>(verdict), Start.AddDays(2)));
    }

    [Fact]
    public void Parity_that_does_not_allow_it_holds_an_otherwise_due_advance()
    {
        var file = Features.Partial(10) with { AutoAdvance = true, StepInterval = TimeSpan.FromMinutes(1) };
        var state = RuntimeTransitions.FromFile(file, Start);
        Assert.Null(StepPlanner.Next(file, state, GuardState.Healthy, Start.AddMinutes(2), parityAllows: false));
        Assert.Equal(Percentage.FromPercent(25), StepPlanner.Next(file, state, GuardState.Healthy, Start.AddMinutes(2), parityAllows: true));
    }

    [Fact]
    public void It_waits_for_the_step_interval()
    {
        var file = Features.Partial(10) with { AutoAdvance = true, StepInterval = TimeSpan.FromHours(24) };
        var state = RuntimeTransitions.FromFile(file, Start);
        Assert.Null(StepPlanner.Next(file, state, GuardState.Healthy, Start.AddHours(23.9)));
        Assert.Equal(Percentage.FromPercent(25), StepPlanner.Next(file, state, GuardState.Healthy, Start.AddHours(24)));
    }

    [Fact]
    public void It_stops_at_the_maximum_even_between_steps()
    {
        var file = Features.Partial(25) with { AutoAdvance = true, StepInterval = TimeSpan.FromMinutes(1), MaxPercentage = Percentage.FromPercent(40) };
        var state = RuntimeTransitions.FromFile(file, Start);
        var next = StepPlanner.Next(file, state, GuardState.Healthy, Start.AddMinutes(1));
        Assert.Equal(Percentage.FromPercent(40), next);
        state = RuntimeTransitions.Advance(state, next!.Value, Start.AddMinutes(1));
        Assert.Null(StepPlanner.Next(file, state, GuardState.Healthy, Start.AddDays(1)));
    }

    [Fact]
    public void Reverted_forced_paused_or_manual_features_never_advance()
    {
        var file = Features.Partial(25) with { AutoAdvance = true, StepInterval = TimeSpan.FromMinutes(1) };
        var later = Start.AddDays(1);
        var fromFile = RuntimeTransitions.FromFile(file, Start);
        Assert.Null(StepPlanner.Next(file, RuntimeTransitions.Revert(fromFile, Percentage.FromPercent(10), Start, "test", "warning-p95"), GuardState.Healthy, later));
        Assert.Null(StepPlanner.Next(file, RuntimeTransitions.Force(fromFile, Percentage.FromPercent(10), Start, "ops", null), GuardState.Healthy, later));
        Assert.Null(StepPlanner.Next(file, RuntimeTransitions.Pause(fromFile, Start, "ops", null), GuardState.Healthy, later));
        Assert.Null(StepPlanner.Next(file with { AutoAdvance = false }, fromFile, GuardState.Healthy, later));
    }
}
