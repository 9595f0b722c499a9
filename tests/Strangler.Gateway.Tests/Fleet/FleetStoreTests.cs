using Strangler.Bucketing;
using Strangler.Gateway.Events;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.State;
using Strangler.TestSupport.Redis;

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
        Assert.Equal(FleetWriteOutcome.Applied, (await a.WriteAsync(State(10), 0, 1, null, 0, 1)).Outcome);

        var racers = Enumerable.Range(0, 10)
            .Select(i => (i % 2 == 0 ? a : b).WriteAsync(State(5), 1, 2, Revert(10, 5), 0, 1))
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
        Assert.Equal(FleetWriteOutcome.Applied, (await store.WriteAsync(State(10), 0, 1, null, 0, 1)).Outcome);
        await redis.ExecuteAsync("SET", "{fenced}:epoch", "5");

        var stale = await store.WriteAsync(State(50), 1, 2, Revert(10, 50), epoch: 4, minEventId: 1);

        Assert.Equal(FleetWriteOutcome.Fenced, stale.Outcome);
        var shared = await store.ReadAsync();
        Assert.Equal(1, shared["f"].Version);
        Assert.Equal(Percentage.FromPercent(10), shared["f"].State.Percentage);
        Assert.Equal("0", (await redis.ExecuteAsync("EXISTS", "{fenced}:events")).ToString());
    }

    [Fact]
    public async Task Two_fleets_on_one_Redis_never_see_each_other()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var blue = await ConnectAsync(redis, "blue", "a");
        await using var green = await ConnectAsync(redis, "green", "a");
        await blue.WriteAsync(State(10), 0, 1, Revert(20, 10), 0, 1);

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
        var write = await store.WriteAsync(State(10), 0, 1, null, 0, 1);

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
