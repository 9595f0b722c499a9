using Strangler.Bucketing;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Tests.Fleet;

public sealed class FleetReconciliationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 50, true)]   // the store's higher percentage is stale: the revert wins
    [InlineData(5, 10, true)]
    [InlineData(5, 5, false)]   // another replica reverted as far: take the store's
    [InlineData(5, 0, false)]   // another replica reverted further: take the store's
    public void A_local_revert_beats_only_a_higher_shared_percentage(decimal local, decimal shared, bool keep) =>
        Assert.Equal(keep, FleetReconciliation.KeepLocalRevert(State(RuntimeMode.Reverted, local), State(RuntimeMode.Forced, shared)));

    [Fact]
    public void Only_a_lowering_guard_revert_may_be_applied_without_the_store()
    {
        var before = State(RuntimeMode.File, 25);
        Assert.True(FleetReconciliation.AllowedLocally(before, State(RuntimeMode.Reverted, 10)));
        Assert.False(FleetReconciliation.AllowedLocally(before, State(RuntimeMode.Advanced, 50)));
        Assert.False(FleetReconciliation.AllowedLocally(before, State(RuntimeMode.Forced, 0)));
        Assert.False(FleetReconciliation.AllowedLocally(before, State(RuntimeMode.RolledBack, 0)));
        Assert.False(FleetReconciliation.AllowedLocally(before, State(RuntimeMode.File, 25) with { Paused = true }));
    }

    private static FeatureRuntimeState State(RuntimeMode mode, decimal percentage) =>
        new("f", "rev", mode, false, RolloutStage.Partial, Percentage.FromPercent(percentage), Now, "test", "someone");
}
