using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Strangler.Gateway.Tests.EndToEnd;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;
using static Strangler.Gateway.Tests.Infrastructure.FleetReplicas;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>Several real gateway processes on one real redis-server: what each replica serves and shows.</summary>
public sealed class FleetReplicasTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_force_a_pause_and_a_resume_on_one_replica_are_in_force_on_all_three_within_a_second_and_recorded_once_on_each()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var fleet = await StartAsync(backends, "propagation", redis.Endpoint, redis.Endpoint, redis.Endpoint);

        var forced = await ActOnFirstAsync(fleet, "force", new { percentage = 35, reason = "canary-35" }, s => HasPercentage(s, 35));
        var paused = await ActOnFirstAsync(fleet, "pause", new { reason = "hold-it" }, s => Effective(s).GetProperty("paused").GetBoolean());
        var resumed = await ActOnFirstAsync(fleet, "resume", new { reason = "back-to-file" }, s => HasPercentage(s, 10) && !Effective(s).GetProperty("paused").GetBoolean());

        foreach (var elapsed in new[] { forced, paused, resumed })
        {
            Assert.True(elapsed < Propagation, $"a change took {elapsed.TotalMilliseconds:0} ms to be in force on every replica");
        }

        for (var replica = 0; replica < 3; replica++)
        {
            var events = await Eventually.ReturnsAsync(
                async () =>
                {
                    var all = await EventsAsync(fleet.Admin(replica));
                    return (all.Length >= 3, all);
                },
                $"three events on replica {replica + 1}",
                TimeSpan.FromSeconds(5));
            foreach (var reason in new[] { "canary-35", "hold-it", "back-to-file" })
            {
                var matching = events.Where(e => e.GetProperty("reason").GetString() == reason).ToArray();
                Assert.Single(matching);
                Assert.Equal("r1", matching[0].GetProperty("replica").GetString());
            }

            Assert.Equal(3, events.Length);
        }
    }

    [Fact]
    public async Task When_the_leader_is_killed_another_replica_leads_under_a_new_epoch_within_three_lease_periods()
    {
        var lease = TimeSpan.FromSeconds(2);
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var fleet = await StartJudgingAsync(backends, "takeover", redis.Endpoint, 3, lease);
        var (leader, epoch) = await AgreedLeaderAsync(fleet, [0, 1, 2]);

        var killed = Replica(leader);
        var clock = Stopwatch.StartNew();
        fleet.Processes[killed].Signal("-KILL");
        var survivors = new[] { 0, 1, 2 }.Where(i => i != killed).ToArray();
        var (successor, newEpoch) = await AgreedLeaderAsync(fleet, survivors, previous: epoch);
        var elapsed = clock.Elapsed;

        Assert.NotEqual(leader, successor);
        Assert.True(newEpoch > epoch);
        Assert.True(elapsed < 3 * lease, $"the new leader took over after {elapsed.TotalSeconds:0.0} s (lease {lease.TotalSeconds:0} s)");
    }

    [Fact]
    public async Task A_frozen_leader_is_replaced_and_after_it_thaws_it_follows_the_new_leader()
    {
        var lease = TimeSpan.FromSeconds(2);
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var fleet = await StartJudgingAsync(backends, "frozen", redis.Endpoint, 2, lease);
        var (leader, epoch) = await AgreedLeaderAsync(fleet, [0, 1]);

        var frozen = Replica(leader);
        var other = 1 - frozen;
        fleet.Processes[frozen].Signal("-STOP");
        try
        {
            var (successor, newEpoch) = await AgreedLeaderAsync(fleet, [other], previous: epoch);
            Assert.NotEqual(leader, successor);
            Assert.True(newEpoch > epoch);
        }
        finally
        {
            fleet.Processes[frozen].Signal("-CONT");
        }

        // Thawed, it still believes in its old lease only until its clock says the lease ran out, then asks and follows.
        var thawed = await UntilAsync(fleet.Admin(frozen), s => Leadership(s).Role == "follower", "the thawed replica to follow", TimeSpan.FromSeconds(20));
        Assert.Equal(Leadership(await StatusAsync(fleet.Admin(other))).Leader, Leadership(thawed).Leader);
        Assert.Equal("leader", Leadership(await StatusAsync(fleet.Admin(other))).Role);
    }

    /// <summary>Polls the given replicas until all name one leader (under an epoch above <paramref name="previous"/>) and exactly that one says it leads.</summary>
    private static Task<(string Leader, long Epoch)> AgreedLeaderAsync(FleetReplicas fleet, int[] replicas, long previous = 0) =>
        Eventually.ReturnsAsync(
            async () =>
            {
                var views = new List<(string? Leader, long Epoch, string Role, string Id)>();
                foreach (var replica in replicas)
                {
                    var status = await StatusAsync(fleet.Admin(replica));
                    var (leader, epoch, role) = Leadership(status);
                    views.Add((leader, epoch, role, status.GetProperty("fleet").GetProperty("replica").GetString()!));
                }

                var named = views.Select(v => (v.Leader, v.Epoch)).Distinct().ToArray();
                var agreed = named.Length == 1 && named[0].Leader is not null && named[0].Epoch > previous
                    && views.Count(v => v.Role == "leader") == (replicas.Any(r => views.Any(v => v.Id == named[0].Leader)) ? 1 : 0);
                return (agreed, (named[0].Leader ?? "", named[0].Epoch));
            },
            "the replicas to agree on a leader",
            TimeSpan.FromSeconds(30));

    private static int Replica(string id) => int.Parse(id.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - 1;

    [Fact]
    public async Task With_Redis_killed_under_traffic_no_client_request_fails_status_is_degraded_mutations_get_503_and_the_fleet_converges_after()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var fleet = await StartAsync(backends, "outage", redis.Endpoint, redis.Endpoint, redis.Endpoint);
        await ActOnFirstAsync(fleet, "force", new { percentage = 40, reason = "before-outage" }, s => HasPercentage(s, 40));

        using var traffic = new CancellationTokenSource();
        var load = Task.WhenAll(fleet.Processes.Select(p => SendUntilAsync(p.PublicAddress, traffic.Token)));

        redis.Stop();
        foreach (var replica in Enumerable.Range(0, 3))
        {
            var status = await UntilAsync(fleet.Admin(replica), s => FleetStatus(s) == "degraded", "degraded status", TimeSpan.FromSeconds(10));
            Assert.True(HasPercentage(status, 40));
        }

        using (var refused = await PostAsync(fleet.Admin(1), "force", new { percentage = 80, reason = "during-outage" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("unreachable", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var degraded = await StatusAsync(fleet.Admin(2));
        Assert.True(degraded.GetProperty("fleet").GetProperty("staleness_seconds").GetDouble() > 0);
        using (var ready = await fleet.Admin(2).GetAsync("readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await redis.StartAgainAsync(); // no persistence: it comes back empty, as after a restart without a dump
        foreach (var replica in Enumerable.Range(0, 3))
        {
            await UntilAsync(fleet.Admin(replica), s => FleetStatus(s) == "connected" && HasPercentage(s, 40), "connected again, state unchanged", TimeSpan.FromSeconds(10));
        }

        await traffic.CancelAsync();
        var (sent, failed) = Sum(await load);
        Assert.True(sent > 100, $"only {sent} requests were sent");
        Assert.Equal(0, failed);

        await ActOnFirstAsync(fleet, "force", new { percentage = 55, reason = "after-outage" }, s => HasPercentage(s, 55));
    }

    [Fact]
    public async Task A_replica_partitioned_from_Redis_serves_its_last_state_and_converges_within_10_s_of_healing()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var link = TcpForwarder.Start(redis.Host, redis.Port);
        await using var fleet = await StartAsync(backends, "partition", redis.Endpoint, redis.Endpoint, link.Endpoint);

        link.BlackHole();
        await UntilAsync(fleet.Admin(2), s => FleetStatus(s) == "degraded", "the partitioned replica to notice", TimeSpan.FromSeconds(10));
        using (var forced = await PostAsync(fleet.Admin(0), "force", new { percentage = 70, reason = "while-partitioned" }))
        {
            Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        }

        await UntilAsync(fleet.Admin(1), s => HasPercentage(s, 70), "the connected replica to follow", Propagation);
        Assert.True(HasPercentage(await StatusAsync(fleet.Admin(2)), 10));

        link.Heal();
        var healed = Stopwatch.StartNew();
        await UntilAsync(fleet.Admin(2), s => FleetStatus(s) == "connected" && HasPercentage(s, 70), "the healed replica to converge", TimeSpan.FromSeconds(10));
        Assert.True(healed.Elapsed < TimeSpan.FromSeconds(10));
        var events = await EventsAsync(fleet.Admin(2));
        Assert.Single(events, e => e.GetProperty("reason").GetString() == "while-partitioned");
    }

    [Fact]
    public async Task After_FLUSHALL_the_store_is_re_seeded_from_the_state_in_force_and_nothing_moves()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var fleet = await StartAsync(backends, "flush", redis.Endpoint, redis.Endpoint);
        await ActOnFirstAsync(fleet, "force", new { percentage = 30, reason = "before-flush" }, s => HasPercentage(s, 30));

        await redis.ExecuteAsync("FLUSHALL");
        await Eventually.HoldsAsync(
            async () => (await redis.ExecuteAsync("HEXISTS", "{flush}:features", Feature)).ToString() == "1",
            "the store to be re-seeded",
            TimeSpan.FromSeconds(10));

        var seeded = JsonDocument.Parse((await redis.ExecuteAsync("HGET", "{flush}:features", Feature)).ToString()).RootElement;
        Assert.Equal(30, seeded.GetProperty("percentage").GetDecimal());
        Assert.Equal("forced", seeded.GetProperty("mode").GetString());
        for (var replica = 0; replica < 2; replica++)
        {
            var status = await StatusAsync(fleet.Admin(replica));
            Assert.True(HasPercentage(status, 30));
            Assert.Equal("connected", FleetStatus(status));
            Assert.Single(await EventsAsync(fleet.Admin(replica)), e => e.GetProperty("reason").GetString() == "before-flush");
        }

        var after = await ActOnFirstAsync(fleet, "force", new { percentage = 45, reason = "after-flush" }, s => HasPercentage(s, 45));
        Assert.True(after < Propagation);
        for (var replica = 0; replica < 2; replica++)
        {
            await Eventually.HoldsAsync(
                async () => (await EventsAsync(fleet.Admin(replica))).Count(e => e.GetProperty("reason").GetString() == "after-flush") == 1,
                "the new event once on each replica",
                TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Starting_with_Redis_unreachable_serves_from_the_state_file_says_so_and_refuses_mutations()
    {
        var nobody = $"127.0.0.1:{FreePort.Next()}";
        await using var fleet = await StartAsync(backends, "unreachable", nobody);

        var status = await StatusAsync(fleet.Admin(0));
        Assert.Equal("degraded", FleetStatus(status));
        Assert.Contains("state file", status.GetProperty("fleet").GetProperty("started_from").GetString(), StringComparison.Ordinal);
        Assert.True(HasPercentage(status, 10));
        using var refused = await PostAsync(fleet.Admin(0), "pause", new { reason = "nope" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
    }

    /// <summary>Acts on replica 1 and returns how long until every replica had the change in force.</summary>
    private static async Task<TimeSpan> ActOnFirstAsync(FleetReplicas fleet, string action, object body, Func<JsonElement, bool> inForce)
    {
        using (var response = await PostAsync(fleet.Admin(0), action, body))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        for (var replica = 1; replica < fleet.Processes.Count; replica++)
        {
            await UntilAsync(fleet.Admin(replica), inForce, $"{action} in force on replica {replica + 1}", TimeSpan.FromSeconds(5));
        }

        return clock.Elapsed;
    }

    private static async Task<(int Sent, int Failed)> SendUntilAsync(Uri gateway, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(5) };
        var (sent, failed) = (0, 0);
        while (!stop.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
            request.Headers.Add("X-User-Id", $"fleet-user-{sent}");
            try
            {
                using var response = await client.SendAsync(request, CancellationToken.None);
                failed += response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (HttpRequestException)
            {
                failed++;
            }

            sent++;
        }

        return (sent, failed);
    }

    private static (int Sent, int Failed) Sum((int Sent, int Failed)[] counts) => (counts.Sum(c => c.Sent), counts.Sum(c => c.Failed));
}
