using System.Net.Http.Json;
using System.Text.Json;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Hosting;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;
using static Strangler.Gateway.Tests.Infrastructure.FleetReplicas;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// The fleet-wide guard on real gateway processes sharing one real redis-server, with a failing v4:
/// client traffic is spread over the replicas, only the leader (or its successor) decides, and every
/// transition appears once, with the same id, on every replica. (That the leader judges the fleet's
/// sums is shown on a fake clock in <see cref="FleetGuardTests"/>: here the sequential rules need so
/// few requests of a v4 that fails every time that the fleet's two-second lag decides the count.)
/// </summary>
public sealed class FleetGuardProcessTests : IAsyncLifetime
{
    /// <summary>v4 answers, over the fleet, after which the leader is killed or frozen: before the guard can have reverted.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    /// <summary>About 30 client requests a second over the fleet: 15 a second reach v4, a few per replica.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(33);

    private readonly string _directory = Directory.CreateTempSubdirectory("strangler-fleet-guard-").FullName;
    private readonly List<GatewayProcess> _replicas = [];
    private readonly List<HttpClient> _admins = [];
    private RedisServer _redis = null!;
    private RunningApp _v3 = null!;
    private RunningApp _v4 = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartOwnedAsync();
        _v3 = await GuardHarness.StartStubAsync("/api", "v3");
        _v4 = await GuardHarness.StartStubAsync("/api/v4", "v4");
        var rollout = Path.Combine(_directory, "rollout.json");
        await File.WriteAllTextAsync(rollout, GuardHarness.Restaurants("partial", 50)(_v3.BaseAddress, _v4.BaseAddress), Ct);
        foreach (var id in new[] { "r1", "r2", "r3" })
        {
            var process = await GatewayProcess.StartAsync(
                rollout,
                $"--Gateway:StateFile={Path.Combine(_directory, id + ".state.json")}",
                $"--Gateway:Fleet:Redis={_redis.Endpoint}",
                "--Gateway:Fleet:Name=fleet-guard",
                $"--Gateway:Fleet:ReplicaId={id}",
                $"--Gateway:Fleet:LeaseDuration={Lease}",
                $"--Gateway:Fleet:Timeout={Lease / 2}");
            _replicas.Add(process);
            _admins.Add(new HttpClient { BaseAddress = process.ManagementAddress, Timeout = TimeSpan.FromSeconds(10) });
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var admin in _admins)
        {
            admin.Dispose();
        }

        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await _v4.DisposeAsync();
        await _v3.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Spread_traffic_to_a_failing_v4_is_reverted_by_the_leader_on_the_fleets_sums_each_transition_once_on_every_replica()
    {
        var leader = await LeaderAsync([0, 1, 2]);
        await GuardHarness.SetFaultAsync(_v4, "/api/v4", errorRate: 1.0);

        var toV4 = await SendUntilRevertedAsync([0, 1, 2]);

        var reverts = await RevertsAsync();
        Assert.All(reverts, r => Assert.Equal(leader, r.GetProperty("replica").GetString()));
        // Every replica served v4 (the traffic was spread), and only the leader decided.
        Assert.All(toV4.PerReplica(), served => Assert.True(served > 0));
    }

    [Fact]
    public async Task When_the_leader_is_killed_during_a_v4_fault_another_replica_leads_and_the_reverts_still_happen_once()
    {
        var leader = await LeaderAsync([0, 1, 2]);
        var killed = int.Parse(leader.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - 1;
        await GuardHarness.SetFaultAsync(_v4, "/api/v4", errorRate: 1.0);

        int[] survivors = [.. new[] { 0, 1, 2 }.Where(i => i != killed)];
        // The leader dies as the fault begins, before a request of it: a leader that saw two failed v4
        // answers may rightly revert at once (two errors in two requests are beyond doubt above 2 %),
        // so dying after a count of them raced its own evaluation.
        var toV4 = await SendUntilRevertedAsync(survivors, () => _replicas[killed].Signal("-KILL"));

        var reverts = await RevertsAsync(survivors);
        Assert.All(reverts, r => Assert.NotEqual(leader, r.GetProperty("replica").GetString()));
        Assert.True(toV4.Total > 0);
    }

    [Fact]
    public async Task A_leader_frozen_during_a_v4_fault_and_thawed_after_another_replica_reverted_applies_nothing_of_its_own()
    {
        var leader = await LeaderAsync([0, 1, 2]);
        var frozen = int.Parse(leader.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - 1;
        await GuardHarness.SetFaultAsync(_v4, "/api/v4", errorRate: 1.0);

        int[] others = [.. new[] { 0, 1, 2 }.Where(i => i != frozen)];
        try
        {
            // Frozen as the fault begins, before a request of it (see the killed leader's test).
            await SendUntilRevertedAsync(others, () => _replicas[frozen].Signal("-STOP"));
        }
        finally
        {
            _replicas[frozen].Signal("-CONT");
        }

        // Thawed, it finds another leader and follows; it applied nothing while it believed it led.
        await UntilAsync(_admins[frozen], s => Leadership(s).Role == "follower", "the thawed replica to follow", TimeSpan.FromSeconds(20));
        await UntilAsync(_admins[frozen], s => HasPercentage(s, 0), "the thawed replica to take the revert", TimeSpan.FromSeconds(10));
        var reverts = await RevertsAsync([0, 1, 2]);
        Assert.All(reverts, r => Assert.NotEqual(leader, r.GetProperty("replica").GetString()));
        foreach (var admin in _admins)
        {
            Assert.DoesNotContain(await EventsAsync(admin), e => e.GetProperty("replica").GetString() == leader);
        }
    }

    [Fact]
    public async Task Redis_down_for_30_s_under_300_requests_a_second_loses_no_request_keeps_the_state_lets_each_replica_revert_a_v4_fault_and_converges_within_10_s()
    {
        var outageLength = TimeSpan.FromSeconds(30);
        await LeaderAsync([0, 1, 2]);
        using var stop = new CancellationTokenSource();
        var traffic = new Traffic();
        var senders = _replicas.Select((r, i) => traffic.SendAsync(r.PublicAddress, i, stop.Token)).ToArray();

        _redis.Stop();
        var outage = System.Diagnostics.Stopwatch.StartNew();
        foreach (var admin in _admins)
        {
            var degraded = await UntilAsync(admin, s => FleetStatus(s) == "degraded" && Leadership(s).Role == "alone", "the replica to judge alone", TimeSpan.FromSeconds(10));
            Assert.True(HasPercentage(degraded, 50));
        }

        // A third of the outage with a healthy v4: nothing fails, nothing moves.
        // (Noticing the outage can take most of that third on a loaded machine: never a negative wait.)
        if (outageLength / 3 - outage.Elapsed is { Ticks: > 0 } healthyRest)
        {
            await Task.Delay(healthyRest, Ct);
        }

        var healthy = traffic.Snapshot();
        Assert.Equal(0, healthy.Failed);
        foreach (var admin in _admins)
        {
            var status = await StatusAsync(admin);
            Assert.True(HasPercentage(status, 50));
            Assert.True(status.GetProperty("fleet").GetProperty("staleness_seconds").GetDouble() > 0);
        }

        // Then v4 fails: cut off, each replica judges its own traffic and reverts on its own.
        await GuardHarness.SetFaultAsync(_v4, "/api/v4", errorRate: 1.0);
        foreach (var admin in _admins)
        {
            var reverted = await UntilAsync(admin, s => HasPercentage(s, 0), "the replica to revert on its own", TimeSpan.FromSeconds(20));
            Assert.Equal([Feature], reverted.GetProperty("fleet").GetProperty("local_reverts").EnumerateArray().Select(e => e.GetString()));
            var reverts = (await EventsAsync(admin)).Where(e => e.GetProperty("kind").GetString() == "revert").ToArray();
            Assert.NotEmpty(reverts);
            Assert.All(reverts, e => Assert.True(e.GetProperty("local").GetBoolean()));
        }

        await GuardHarness.SetFaultAsync(_v4, "/api/v4", errorRate: 0);
        if (outageLength - outage.Elapsed is { Ticks: > 0 } rest)
        {
            await Task.Delay(rest, Ct);
        }

        // Redis is back, empty: the local reverts are what the fleet keeps, and nothing moves up.
        await _redis.StartAgainAsync();
        var back = System.Diagnostics.Stopwatch.StartNew();
        foreach (var admin in _admins)
        {
            await UntilAsync(admin, s => FleetStatus(s) == "connected" && s.GetProperty("fleet").GetProperty("local_reverts").GetArrayLength() == 0, "the replica to reconcile", TimeSpan.FromSeconds(10));
        }

        Assert.True(back.Elapsed < TimeSpan.FromSeconds(10), $"the fleet converged after {back.Elapsed.TotalSeconds:0.0} s");
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        foreach (var admin in _admins)
        {
            var status = await StatusAsync(admin);
            Assert.True(HasPercentage(status, 0));
            Assert.Equal("reverted", Effective(status).GetProperty("mode").GetString());
        }

        var total = traffic.Snapshot();
        var rate = healthy.Sent / (outageLength / 3).TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine($"{healthy.Sent} requests in the healthy third of the outage ({rate:0} a second), {total.Sent} in all, {total.Failed} failed (v4's injected errors included)");
        // Paced for 375 a second (about 360 measured on a quiet two-core machine); a loaded one sends fewer, which proves no less.
        Assert.True(healthy.Sent >= 1000, $"only {healthy.Sent} requests reached the replicas in the healthy third of the outage");
    }

    /// <summary>Client traffic at up to 125 requests a second per replica, from distinct users; counts what was sent and what failed (no answer, or 5xx).</summary>
    private sealed class Traffic
    {
        private long _sent;
        private long _failed;

        public (long Sent, long Failed) Snapshot() => (Interlocked.Read(ref _sent), Interlocked.Read(ref _failed));

        public async Task SendAsync(Uri replica, int index, CancellationToken stop)
        {
            using var client = new HttpClient { BaseAddress = replica, Timeout = TimeSpan.FromSeconds(10) };
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(8));
            var n = 0;
            try
            {
                while (await pace.WaitForNextTickAsync(stop))
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
                    request.Headers.Add("X-User-Id", $"outage-{index}-{n++}");
                    try
                    {
                        using var response = await client.SendAsync(request, stop);
                        if ((int)response.StatusCode >= 500)
                        {
                            Interlocked.Increment(ref _failed);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref _failed);
                    }

                    Interlocked.Increment(ref _sent);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>
    /// After <paramref name="first"/> (a replica stopped, say), round-robin GETs from distinct users to
    /// <paramref name="replicas"/> until each of them shows 0 %. Returns the v4 answers per replica.
    /// </summary>
    private async Task<V4Answers> SendUntilRevertedAsync(int[] replicas, Action? first = null)
    {
        var toV4 = new V4Answers(_replicas.Count);
        var clients = _replicas.Select(r => new HttpClient { BaseAddress = r.PublicAddress, Timeout = TimeSpan.FromSeconds(10) }).ToArray();
        try
        {
            var started = DateTime.UtcNow;
            var sent = 0;
            first?.Invoke();
            using var pace = new PeriodicTimer(Pace);
            for (var n = 0; await pace.WaitForNextTickAsync(Ct); n++)
            {
                var replica = replicas[n % replicas.Length];
                using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
                request.Headers.Add("X-User-Id", $"spread-user-{n}");
                using var response = await clients[replica].SendAsync(request, Ct);
                if (response.Headers.TryGetValues("X-Backend", out var backend) && backend.Single() == "v4")
                {
                    toV4.Add(replica);
                }
                sent++;
                if (sent % 30 == 0 && await AllRevertedAsync(replicas))
                {
                    return toV4;
                }

                Assert.True(DateTime.UtcNow - started < Deadline, $"no revert after {Deadline.TotalSeconds:0} s; v4 answered {toV4}");
            }

            throw new OperationCanceledException(Ct);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private async Task<bool> AllRevertedAsync(int[] replicas)
    {
        foreach (var replica in replicas)
        {
            if (!HasPercentage(await StatusAsync(_admins[replica]), 0))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<string> LeaderAsync(int[] replicas) =>
        await Eventually.ReturnsAsync(
            async () =>
            {
                var leaders = new List<(string? Leader, string Role)>();
                foreach (var replica in replicas)
                {
                    var (leader, _, role) = Leadership(await StatusAsync(_admins[replica]));
                    leaders.Add((leader, role));
                }

                var named = leaders.Select(l => l.Leader).Distinct().ToArray();
                return (named is [not null] && leaders.Count(l => l.Role == "leader") == 1, named[0] ?? "");
            },
            "the replicas to agree on a leader",
            TimeSpan.FromSeconds(30));

    /// <summary>
    /// The guard's reverts down to 0 % (a warning revert to the previous step may come before the
    /// critical one), the same events with the same ids on every given replica: each transition
    /// applied once, fleet-wide. Oldest first.
    /// </summary>
    private async Task<JsonElement[]> RevertsAsync(int[]? replicas = null)
    {
        JsonElement[]? first = null;
        foreach (var replica in replicas ?? [0, 1, 2])
        {
            var reverts = await Eventually.ReturnsAsync(
                async () =>
                {
                    var events = (await EventsAsync(_admins[replica])).Where(e => e.GetProperty("kind").GetString() == "revert").OrderBy(e => e.GetProperty("id").GetInt64()).ToArray();
                    return (events.Length > 0 && events[^1].GetProperty("to").GetDecimal() == 0, events);
                },
                "the reverts down to 0 % in the replica's events",
                TimeSpan.FromSeconds(10));
            first ??= reverts;
            Assert.Equal(first.Select(e => e.GetProperty("id").GetInt64()), reverts.Select(e => e.GetProperty("id").GetInt64()));
            Assert.Equal(reverts.Length, reverts.Select(e => (e.GetProperty("from").GetDecimal(), e.GetProperty("to").GetDecimal())).Distinct().Count());
        }

        return first!;
    }

    /// <summary>Which replica v4 answered through.</summary>
    private sealed class V4Answers(int replicas)
    {
        private readonly int[] _counts = new int[replicas];

        public int Total => _counts.Sum();

        public void Add(int replica) => _counts[replica]++;

        public int[] PerReplica() => [.. _counts];

        public override string ToString() => string.Join(", ", _counts);
    }
}
