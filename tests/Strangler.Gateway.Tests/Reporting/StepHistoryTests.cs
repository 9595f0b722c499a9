using Strangler.Gateway.Events;
using Strangler.Gateway.Reporting;

namespace Strangler.Gateway.Tests.Reporting;

public sealed class StepHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_history_keeps_the_latest_steps_per_feature()
    {
        var history = StepHistory.Empty;
        for (var i = 0; i < StepHistory.Capacity + 5; i++)
        {
            history = StepHistory.Append(history, "a", Step(i));
        }

        history = StepHistory.Append(history, "b", Step(0));

        Assert.Equal(StepHistory.Capacity, history["a"].Count);
        Assert.Equal(T0.AddMinutes(5), history["a"][0].StartedAt);
        Assert.Single(history["b"]);
    }

    [Fact]
    public void The_event_that_ended_a_step_is_attached_with_its_evidence()
    {
        var history = StepHistory.Append(StepHistory.Empty, "a", Step(0));
        var evidence = new GuardEvidence("critical-error-rate", 30, 20, 10, new WindowSummary(1, 1, 100, 1, 1, 1), new WindowSummary(1, 0, 0, 1, 1, 1), new ThresholdSummary(3, 500, 10, 2000));

        var attached = StepHistory.Attach(history, new RolloutEvent(42, T0.AddMinutes(1), "a", EventKinds.Revert, 10, 0, "critical", "guard", evidence));
        var other = StepHistory.Attach(history, new RolloutEvent(43, T0.AddMinutes(2), "a", EventKinds.Pause, 10, 10, "paused", "dave", null));

        Assert.Equal((42L, "critical-error-rate", evidence), (attached["a"][0].EndedBy.EventId!.Value, attached["a"][0].EndedBy.Rule!, attached["a"][0].EndedBy.Evidence!));
        Assert.Same(history, other);
    }

    [Fact]
    public void The_step_in_force_began_when_the_previous_one_ended()
    {
        Assert.Equal(T0.AddMinutes(4), StepHistory.CurrentStart([Step(0), Step(3)], T0.AddDays(1)));
        Assert.Equal(T0.AddDays(1), StepHistory.CurrentStart([], T0.AddDays(1)));
    }

    private static StepRecord Step(int minute) => new(
        10, "partial", T0.AddMinutes(minute), T0.AddMinutes(minute + 1), new StepEnding(EventKinds.Revert, null, "guard", "critical", "critical-error-rate", null),
        BackendFigures.None, BackendFigures.None);
}
