using Strangler.Bucketing;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Tests.State;

public sealed class RuntimeTransitionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_revert_holds_until_the_feature_changes_in_the_file()
    {
        var file = Features.Partial(25);
        var reverted = RuntimeTransitions.Revert(RuntimeTransitions.FromFile(file, T0), Percentage.FromPercent(10), T0, "guard");

        var sameRevision = RuntimeTransitions.Reconcile(file, reverted, T0.AddMinutes(1));
        Assert.Equal(RuntimeMode.Reverted, sameRevision.Mode);
        Assert.Equal(10m, sameRevision.Percentage.Value);

        var edited = RuntimeTransitions.Reconcile(Features.Partial(25, "rev-2"), reverted, T0.AddMinutes(2));
        Assert.Equal(RuntimeMode.File, edited.Mode);
        Assert.Equal(25m, edited.Percentage.Value);
    }

    [Fact]
    public void A_force_holds_over_file_edits_until_resume()
    {
        var file = Features.Partial(25);
        var forced = RuntimeTransitions.Force(RuntimeTransitions.FromFile(file, T0), Percentage.FromPercent(3.5m), T0, "alice", "v4 db migration");
        var edited = RuntimeTransitions.Reconcile(Features.Partial(50, "rev-2"), forced, T0.AddMinutes(1));
        Assert.Equal((RuntimeMode.Forced, 3.5m, "rev-2", "alice"), (edited.Mode, edited.Percentage.Value, edited.FileRevision, edited.Actor));

        var resumed = RuntimeTransitions.Resume(Features.Partial(50, "rev-2"), T0.AddMinutes(2), "bob", null);
        Assert.Equal((RuntimeMode.File, 50m, false, "bob"), (resumed.Mode, resumed.Percentage.Value, resumed.Paused, resumed.Actor));
    }

    [Fact]
    public void Pause_survives_file_edits_and_resume_clears_it()
    {
        var paused = RuntimeTransitions.Pause(RuntimeTransitions.FromFile(Features.Partial(10), T0), T0, "ops", null);
        var edited = RuntimeTransitions.Reconcile(Features.Partial(25, "rev-2"), paused, T0.AddMinutes(1));
        Assert.True(edited.Paused);
        Assert.Equal(25m, edited.Percentage.Value);
        Assert.False(RuntimeTransitions.Resume(Features.Partial(25, "rev-2"), T0, "ops", null).Paused);
    }

    [Theory]
    [InlineData("disabled", 0)]
    [InlineData("testing", 0)]
    [InlineData("partial", 12.5)]
    [InlineData("full", 100)]
    [InlineData("complete", 100)]
    public void The_file_percentage_follows_the_stage(string stage, decimal expected)
    {
        var file = Features.Partial(12.5m) with { Stage = Enum.Parse<RolloutStage>(stage, ignoreCase: true) };
        Assert.Equal(expected, RuntimeTransitions.FilePercentage(file).Value);
    }
}
