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
/// client traffic is spread over the replicas so that none of them sees <see cref="MinRequests"/> v4
/// requests while the fleet does. Only the fleet's sums can revert the feature.
/// </summary>
public sealed class FleetGuardProcessTests : IAsyncLifetime
{
    private const int MinRequests = 100;
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
        await File.WriteAllTextAsync(rollout, GuardHarness.Restaurants("partial", 50, $$"""
            "guard": { "min_requests": {{MinRequests}} }
            """)(_v3.BaseAddress, _v4.BaseAddress), Ct);
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
    public async Task Traffic_spread_so_that_no_replica_could_judge_v4_alone_is_reverted_once_on_every_replica_by_the_leader()
    {
        var leader = await LeaderAsync([0, 1, 2]);
        await GuardHarness.SetFaultAsync(_v4, "/api/v4", errorRate: 1.0);

        var toV4 = await SendUntilRevertedAsync([0, 1, 2]);

        var revert = await SingleRevertAsync();
        Assert.Equal(leader, revert.GetProperty("replica").GetString());
        AssertOnlyTheFleetCouldJudge(toV4, revert);
    }

    [Fact]
    public async Task When_the_leader_is_killed_during_a_v4_fault_another_replica_leads_and_the_revert_still_happens_once()
    {
        var leader = await LeaderAsync([0, 1, 2]);
        var killed = int.Parse(leader.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - 1;
        await GuardHarness.SetFaultAsync(_v4, "/api/v4", errorRate: 1.0);

        int[] survivors = [.. new[] { 0, 1, 2 }.Where(i => i != killed)];
        // A third of the way to min_requests the leader dies, with its evidence published but not judged.
        var toV4 = await SendUntilRevertedAsync(survivors, MinRequests / 3, () => _replicas[killed].Signal("-KILL"));

        var revert = await SingleRevertAsync(survivors);
        Assert.NotEqual(leader, revert.GetProperty("replica").GetString());
        AssertOnlyTheFleetCouldJudge(toV4, revert);
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
            await SendUntilRevertedAsync(others, MinRequests / 3, () => _replicas[frozen].Signal("-STOP"));
        }
        finally
        {
            _replicas[frozen].Signal("-CONT");
        }

        // Thawed, it finds another leader and follows; it applied nothing while it believed it led.
        await UntilAsync(_admins[frozen], s => Leadership(s).Role == "follower", "the thawed replica to follow", TimeSpan.FromSeconds(20));
        await UntilAsync(_admins[frozen], s => HasPercentage(s, 0), "the thawed replica to take the revert", TimeSpan.FromSeconds(10));
        var revert = await SingleRevertAsync([0, 1, 2]);
        Assert.NotEqual(leader, revert.GetProperty("replica").GetString());
        foreach (var admin in _admins)
        {
            Assert.DoesNotContain(await EventsAsync(admin), e => e.GetProperty("replica").GetString() == leader);
        }
    }

    /// <summary>
    /// Round-robin GETs from distinct users: to every replica until v4 has answered
    /// <paramref name="before"/> of them in all, then (after <paramref name="then"/>) to
    /// <paramref name="replicas"/> only, until each of those shows 0 %. Returns the v4 answers per replica.
    /// </summary>
    private async Task<int[]> SendUntilRevertedAsync(int[] replicas, int before = 0, Action? then = null)
    {
        var toV4 = new int[_replicas.Count];
        var clients = _replicas.Select(r => new HttpClient { BaseAddress = r.PublicAddress, Timeout = TimeSpan.FromSeconds(10) }).ToArray();
        try
        {
            var started = DateTime.UtcNow;
            var sent = 0;
            var targets = then is null ? replicas : [.. Enumerable.Range(0, _replicas.Count)];
            using var pace = new PeriodicTimer(Pace);
            for (var n = 0; await pace.WaitForNextTickAsync(Ct); n++)
            {
                if (then is not null && toV4.Sum() >= before)
                {
                    then();
                    then = null;
                    targets = replicas;
                }

                var replica = targets[n % targets.Length];
                using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
                request.Headers.Add("X-User-Id", $"spread-user-{n}");
                using var response = await clients[replica].SendAsync(request, Ct);
                toV4[replica] += response.Headers.TryGetValues("X-Backend", out var backend) && backend.Single() == "v4" ? 1 : 0;
                sent++;
                if (then is null && sent % 30 == 0 && await AllRevertedAsync(replicas))
                {
                    return toV4;
                }

                Assert.True(DateTime.UtcNow - started < Deadline, $"no revert after {Deadline.TotalSeconds:0} s; v4 answered {string.Join(", ", toV4)}");
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

    private async Task<JsonElement> SingleRevertAsync(int[]? replicas = null)
    {
        JsonElement? first = null;
        foreach (var replica in replicas ?? [0, 1, 2])
        {
            var reverts = await Eventually.ReturnsAsync(
                async () =>
                {
                    var events = (await EventsAsync(_admins[replica])).Where(e => e.GetProperty("kind").GetString() == "revert").ToArray();
                    return (events.Length > 0, events);
                },
                "the revert in the replica's events",
                TimeSpan.FromSeconds(10));
            var revert = Assert.Single(reverts);
            first ??= revert;
            Assert.Equal(first.Value.GetProperty("id").GetInt64(), revert.GetProperty("id").GetInt64());
        }

        return first!.Value;
    }

    /// <summary>Every replica alone saw fewer v4 requests than min_requests; the decision's evidence has the fleet's sum.</summary>
    private static void AssertOnlyTheFleetCouldJudge(int[] toV4, JsonElement revert)
    {
        Assert.All(toV4, count => Assert.True(count < MinRequests, $"a replica sent {count} requests to v4, enough to judge alone"));
        var judged = revert.GetProperty("evidence").GetProperty("v4").GetProperty("requests").GetInt64();
        Assert.True(judged >= MinRequests, $"judged on {judged} v4 requests");
        Assert.True(judged > toV4.Max(), $"judged on {judged} v4 requests, no more than one replica saw ({string.Join(", ", toV4)})");
    }
}
