using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Hosting;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Redis;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>The leader's own view of its lease, on a fake clock against a real redis-server behind a link the test can cut.</summary>
public sealed class FleetLeadershipTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_leader_cut_off_from_Redis_stops_counting_itself_leader_when_the_lease_it_last_renewed_runs_out()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var link = TcpForwarder.Start(redis.Host, redis.Port);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var (store, leadership) = await StartAsync(link.Endpoint, "a", time);
        await using var _ = store;

        await leadership.RenewOnceAsync();
        Assert.Equal(1, leadership.LeadingEpoch());
        Assert.Equal(("a", 1L, true), leadership.Snapshot);

        link.Cut();
        time.Advance(TimeSpan.FromSeconds(4));
        await leadership.RenewOnceAsync(); // fails: the lease renewed at 0 s still holds until 5 s
        Assert.Equal(1, leadership.LeadingEpoch());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(leadership.LeadingEpoch());
        Assert.False(leadership.Snapshot.Self);
    }

    [Fact]
    public async Task A_follower_takes_over_once_the_leaders_lease_expired_and_a_deposed_leader_stops_acting_at_once()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var (storeA, a) = await StartAsync(redis.Endpoint, "a", time, TimeSpan.FromMilliseconds(600));
        var (storeB, b) = await StartAsync(redis.Endpoint, "b", time, TimeSpan.FromMilliseconds(600));
        await using var _ = storeA;
        await using var __ = storeB;

        await a.RenewOnceAsync();
        await b.RenewOnceAsync();
        Assert.Equal((1L, (long?)null), (a.LeadingEpoch()!.Value, b.LeadingEpoch()));
        Assert.Equal(("a", 1L, false), b.Snapshot);

        // Redis expires the lease on its own clock; b's next attempts take it.
        await Strangler.TestSupport.Waiting.Eventually.HoldsAsync(
            async () =>
            {
                await b.RenewOnceAsync();
                return b.LeadingEpoch() is not null;
            },
            "b to take the expired lease",
            TimeSpan.FromSeconds(10));
        Assert.Equal(2, b.LeadingEpoch());

        // a has not asked since: its own clock still says leader, until the store refuses a decision.
        Assert.Equal(1, a.LeadingEpoch());
        a.Deposed(1);
        Assert.Null(a.LeadingEpoch());
        await a.RenewOnceAsync();
        Assert.Equal(("b", 2L, false), a.Snapshot);
    }

    private static async Task<(FleetStore Store, FleetLeadership Leadership)> StartAsync(string redis, string replica, TimeProvider time, TimeSpan? lease = null)
    {
        var fleet = new FleetOptions { Redis = redis, Name = "leadership", Timeout = TimeSpan.FromMilliseconds(300), LeaseDuration = lease ?? Lease };
        var store = new FleetStore(fleet, replica, 100);
        await store.ConnectAsync();
        var options = Options.Create(new GatewayOptions { Fleet = fleet });
        return (store, new FleetLeadership(store, time, options, NullLogger<FleetLeadership>.Instance));
    }
}
