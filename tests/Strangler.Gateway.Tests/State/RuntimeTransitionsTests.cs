using System.Collections.Frozen;
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
        var reverted = RuntimeTransitions.Revert(RuntimeTransitions.FromFile(file, T0), Percentage.FromPercent(10), T0, "guard", "warning-error-rate");

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

    [Theory]
    [InlineData("testing")]
    [InlineData("partial")]
    [InlineData("full")]
    public void Rollback_sends_every_user_to_v3_testers_included(string stage)
    {
        var file = Features.Partial(25) with
        {
            Stage = Enum.Parse<RolloutStage>(stage, ignoreCase: true),
            AlwaysV4 = new[] { "tester" }.ToFrozenSet(StringComparer.Ordinal),
        };
        Assert.True(RolloutEvaluator.Evaluate(RuntimeTransitions.EffectiveRule(file, RuntimeTransitions.FromFile(file, T0)), "tester").UseV4);

        var rolledBack = RuntimeTransitions.RollBack(RuntimeTransitions.FromFile(file, T0), T0, "carol", "incident 42");
        var rule = RuntimeTransitions.EffectiveRule(file, rolledBack);
        foreach (var user in new[] { "tester", "user-1", "user-2", "user-3" })
        {
            Assert.False(RolloutEvaluator.Evaluate(rule, user).UseV4, user);
        }

        Assert.False(RolloutEvaluator.Evaluate(rule, null).UseV4);
        Assert.Equal((RuntimeMode.RolledBack, RolloutStage.Disabled, 0m), (rolledBack.Mode, rolledBack.Stage, rolledBack.Percentage.Value));
    }

    [Fact]
    public void Rollback_leaves_a_disabled_feature_disabled_and_holds_over_file_edits_until_resume()
    {
        var disabled = Features.Partial(0) with { Stage = RolloutStage.Disabled, AlwaysV4 = new[] { "tester" }.ToFrozenSet(StringComparer.Ordinal) };
        var rolledBack = RuntimeTransitions.RollBack(RuntimeTransitions.FromFile(disabled, T0), T0, "carol", "incident 42");
        Assert.Equal(RolloutStage.Disabled, rolledBack.Stage);

        // Ops enable the feature in the file during the incident: the rollback still holds.
        var enabled = Features.Partial(50, "rev-2") with { AlwaysV4 = disabled.AlwaysV4 };
        var edited = RuntimeTransitions.Reconcile(enabled, rolledBack, T0.AddMinutes(1));
        Assert.Equal((RuntimeMode.RolledBack, RolloutStage.Disabled, "rev-2"), (edited.Mode, edited.Stage, edited.FileRevision));
        Assert.False(RolloutEvaluator.Evaluate(RuntimeTransitions.EffectiveRule(enabled, edited), "tester").UseV4);

        var resumed = RuntimeTransitions.Resume(enabled, T0.AddMinutes(2), "carol", null);
        Assert.Equal(RuntimeTransitions.FromFile(enabled, T0.AddMinutes(2)) with { Reason = resumed.Reason, Actor = "carol" }, resumed);
        Assert.True(RolloutEvaluator.Evaluate(RuntimeTransitions.EffectiveRule(enabled, resumed), "tester").UseV4);
    }

    [Fact]
    public void A_revert_remembers_its_rule_until_the_state_changes_otherwise()
    {
        var file = Features.Partial(50);
        var reverted = RuntimeTransitions.Revert(RuntimeTransitions.FromFile(file, T0), Percentage.FromPercent(25), T0, "p95 too high", "warning-p95");
        Assert.Equal("warning-p95", reverted.Rule);
        Assert.Equal("warning-p95", RuntimeTransitions.Pause(reverted, T0, "ops", null).Rule);
        Assert.Null(RuntimeTransitions.Force(reverted, Percentage.FromPercent(5), T0, "ops", null).Rule);
        Assert.Null(RuntimeTransitions.Resume(file, T0, "ops", null).Rule);
        Assert.Null(RuntimeTransitions.Reconcile(Features.Partial(50, "rev-2"), reverted, T0).Rule);
    }

    [Fact]
    public void A_state_from_a_version_1_file_keeps_its_revert_when_the_feature_is_unchanged()
    {
        var file = Features.Partial(50);
        var persisted = RuntimeTransitions.Revert(RuntimeTransitions.FromFile(file, T0), Percentage.FromPercent(25), T0, "guard", "warning-p95")
            with { FileRevision = file.TextRevision };

        var upgraded = RuntimeTransitions.Reconcile(file, RuntimeTransitions.UpgradeTextRevision(file, persisted), T0.AddHours(1));
        Assert.Equal((RuntimeMode.Reverted, 25m, file.Revision), (upgraded.Mode, upgraded.Percentage.Value, upgraded.FileRevision));

        // Edited while the gateway was down (its text revision differs): a new revision, as before the upgrade.
        var stale = persisted with { FileRevision = "text-of-an-older-file" };
        var edited = RuntimeTransitions.Reconcile(file, RuntimeTransitions.UpgradeTextRevision(file, stale), T0.AddHours(1));
        Assert.Equal((RuntimeMode.File, 50m), (edited.Mode, edited.Percentage.Value));
    }
}
