using Strangler.Bucketing;
using Strangler.Gateway.Events;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.State;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>The fleet store's compare-and-set against a real redis-server.</summary>
public sealed class FleetStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Replicas_racing_the_same_transition_apply_it_once_with_one_event()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var a = await ConnectAsync(redis, "race", "a");
        await using var b = await ConnectAsync(redis, "race", "b");
        Assert.Equal(FleetWriteOutcome.Applied, (await a.WriteAsync(State(10), 0, 1, null, null, 1)).Outcome);

        var racers = Enumerable.Range(0, 10)
            .Select(i => (i % 2 == 0 ? a : b).WriteAsync(State(5), 1, 2, Revert(10, 5), null, 1))
            .ToArray();
        var outcomes = await Task.WhenAll(racers);

        Assert.Single(outcomes, w => w.Outcome == FleetWriteOutcome.Applied);
        Assert.All(outcomes.Where(w => w.Outcome != FleetWriteOutcome.Applied), w =>
        {
            Assert.Equal(FleetWriteOutcome.Conflict, w.Outcome);
            Assert.Equal(2, w.CurrentVersion);
            Assert.Equal(Percentage.FromPercent(5), w.Current!.State.Percentage);
        });
        Assert.Equal("1", (await redis.ExecuteAsync("XLEN", "{race}:events")).ToString());
        var (events, _) = await b.EventsAfterAsync(null, 100);
        Assert.Equal(EventKinds.Revert, Assert.Single(events).Kind);
    }

    [Fact]
    public async Task A_transition_under_an_epoch_older_than_the_fence_is_refused_and_changes_nothing()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var store = await ConnectAsync(redis, "fenced", "a");
        Assert.Equal(FleetWriteOutcome.Applied, (await store.WriteAsync(State(10), 0, 1, null, null, 1)).Outcome);
        await redis.ExecuteAsync("SET", "{fenced}:epoch", "5");

        var stale = await store.WriteAsync(State(50), 1, 2, Revert(10, 50), epoch: 4, minEventId: 1);

        Assert.Equal(FleetWriteOutcome.Fenced, stale.Outcome);
        var shared = await store.ReadAsync();
        Assert.Equal(1, shared["f"].Version);
        Assert.Equal(Percentage.FromPercent(10), shared["f"].State.Percentage);
        Assert.Equal("0", (await redis.ExecuteAsync("EXISTS", "{fenced}:events")).ToString());
    }

    [Fact]
    public async Task One_replica_holds_the_lease_and_another_takes_it_under_a_new_epoch_only_once_it_expired_which_fences_the_old_leaders_decisions()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var a = await ConnectAsync(redis, "lease", "a");
        await using var b = await ConnectAsync(redis, "lease", "b");
        var lease = TimeSpan.FromMilliseconds(400);

        Assert.Equal(new FleetLease(true, 1, "a"), await a.LeaseAsync(lease, highestEpoch: 0));
        Assert.Equal(new FleetLease(false, 1, "a"), await b.LeaseAsync(lease, highestEpoch: 0));
        Assert.Equal(new FleetLease(true, 1, "a"), await a.LeaseAsync(lease, highestEpoch: 1));
        Assert.Equal(FleetWriteOutcome.Applied, (await a.WriteAsync(State(10), 0, 1, Revert(20, 10), epoch: 1, minEventId: 1)).Outcome);

        // a stops renewing (paused, partitioned): b takes the lease once Redis let it expire.
        var taken = await Eventually.ReturnsAsync(
            async () =>
            {
                var attempt = await b.LeaseAsync(lease, highestEpoch: 1);
                return (attempt.Held, attempt);
            },
            "b to take the expired lease",
            TimeSpan.FromSeconds(10));
        Assert.Equal(new FleetLease(true, 2, "b"), taken);

        var stale = await a.WriteAsync(State(5), 1, 2, Revert(10, 5), epoch: 1, minEventId: 1);
        Assert.Equal(FleetWriteOutcome.Fenced, stale.Outcome);
        Assert.Equal(Percentage.FromPercent(10), (await a.ReadAsync())["f"].State.Percentage);
        Assert.Equal(FleetWriteOutcome.Applied, (await b.WriteAsync(State(5), 1, 2, Revert(10, 5), epoch: 2, minEventId: 1)).Outcome);

        // An operator's decision is nobody's as leader: it is never fenced.
        Assert.Equal(FleetWriteOutcome.Applied, (await a.WriteAsync(State(30), 2, 3, null, epoch: null, minEventId: 1)).Outcome);
        Assert.Equal(new FleetLease(false, 2, "b"), await a.LeaseAsync(lease, highestEpoch: 2));
    }

    [Fact]
    public async Task A_lease_given_up_is_taken_at_once_and_after_Redis_lost_its_data_the_next_epoch_is_above_every_one_seen()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var a = await ConnectAsync(redis, "handover", "a");
        await using var b = await ConnectAsync(redis, "handover", "b");
        var lease = TimeSpan.FromSeconds(30);

        Assert.Equal(new FleetLease(true, 1, "a"), await a.LeaseAsync(lease, highestEpoch: 0));
        await b.ReleaseAsync(1); // not b's to give up
        Assert.False((await b.LeaseAsync(lease, highestEpoch: 1)).Held);
        await a.ReleaseAsync(1);
        Assert.Equal(new FleetLease(true, 2, "b"), await b.LeaseAsync(lease, highestEpoch: 1));

        await redis.ExecuteAsync("FLUSHALL");
        Assert.Equal(new FleetLease(true, 3, "a"), await a.LeaseAsync(lease, highestEpoch: 2));
        Assert.Equal(FleetWriteOutcome.Fenced, (await b.WriteAsync(State(5), 0, 1, Revert(10, 5), epoch: 2, minEventId: 1)).Outcome);
    }

    [Fact]
    public async Task Two_fleets_on_one_Redis_never_see_each_other()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var blue = await ConnectAsync(redis, "blue", "a");
        await using var green = await ConnectAsync(redis, "green", "a");
        await blue.WriteAsync(State(10), 0, 1, Revert(20, 10), null, 1);

        Assert.Empty(await green.ReadAsync());
        Assert.Empty((await green.EventsAfterAsync(null, 10)).Events);
        Assert.Single(await blue.ReadAsync());
    }

    [Fact]
    public async Task A_store_that_does_not_answer_reports_unavailable_within_its_timeout()
    {
        var nobody = $"127.0.0.1:{Strangler.TestSupport.Net.FreePort.Next()}";
        await using var store = new FleetStore(new FleetOptions { Redis = nobody, Name = "down", Timeout = TimeSpan.FromMilliseconds(500) }, "a", 100);
        await store.ConnectAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var write = await store.WriteAsync(State(10), 0, 1, null, null, 1);

        Assert.Equal(FleetWriteOutcome.Unavailable, write.Outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
        await Assert.ThrowsAsync<FleetUnavailableException>(store.ReadAsync);
    }

    private static async Task<FleetStore> ConnectAsync(RedisServer redis, string fleet, string replica)
    {
        var store = new FleetStore(new FleetOptions { Redis = redis.Endpoint, Name = fleet }, replica, 100);
        await store.ConnectAsync();
        return store;
    }

    private static FeatureRuntimeState State(decimal percentage) =>
        new("f", "rev", RuntimeMode.File, false, RolloutStage.Partial, Percentage.FromPercent(percentage), Now, "test", FeatureRuntimeState.FileActor);

    private static RolloutEvent Revert(decimal from, decimal to) =>
        new(0, Now, "f", EventKinds.Revert, from, to, "test revert", FeatureRuntimeState.GuardActor, null, "a");
}
