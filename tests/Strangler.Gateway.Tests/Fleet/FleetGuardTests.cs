using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Redis;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// The fleet-wide guard: three in-process replicas on one real redis-server and one fake clock, each
/// with its own v3 and a slow v4, each seeing fewer v4 requests than the latency rules need
/// (<c>min_requests</c>). The leader judges the fleet's summed windows and acts once; every replica
/// shows its verdict.
/// </summary>
public sealed class FleetGuardTests
{
    private const int MinRequests = 60;
    private const int RequestsPerReplicaPerSecond = 4;

    /// <summary>Above the 600 ms p95 of the 50 % step, below the critical 2 s: a warning revert to the previous step.</summary>
    private const int SlowV4Ms = 900;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_replicas_none_of_which_reaches_min_requests_alone_are_reverted_by_the_leader_on_the_fleets_sum_of_a_slow_v4_once_within_two_seconds_of_a_single_gateway()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var replicas = new List<GuardHarness>();
        try
        {
            foreach (var id in new[] { "r1", "r2", "r3" })
            {
                replicas.Add(await GuardHarness.StartAsync(
                    GuardHarness.Restaurants("partial", 50, $$"""
                        "guard": { "min_requests": {{MinRequests}} }
                        """),
                    time: time,
                    settings: new Dictionary<string, string?>
                    {
                        ["Gateway:Fleet:Redis"] = redis.Endpoint,
                        ["Gateway:Fleet:Name"] = "fleet-guard",
                        ["Gateway:Fleet:ReplicaId"] = id,
                        // Renewed every 10 s of the fake clock; the real clock that expires it in Redis runs slower here.
                        ["Gateway:Fleet:LeaseDuration"] = "00:00:30",
                    }));
                await replicas[^1].SetV4LatencyAsync(SlowV4Ms);
            }

            var leader = await LeaderAsync(replicas);
            var (seconds, v4, statuses) = await UntilRevertedAsync(replicas, time, RequestsPerReplicaPerSecond);

            Assert.All(statuses, s => Assert.Equal(25m, Percentage(s)));
            // The bound: a single gateway that gets all of the fleet's requests (the same users, as often), on the same kind of clock.
            var alone = new FakeTimeProvider(time.GetUtcNow());
            await using (var single = await GuardHarness.StartAsync(
                GuardHarness.Restaurants("partial", 50, $$"""
                    "guard": { "min_requests": {{MinRequests}} }
                    """),
                time: alone))
            {
                await single.SetV4LatencyAsync(SlowV4Ms);
                var (singleSeconds, _, _) = await UntilRevertedAsync([.. replicas.Select(_ => single)], alone, RequestsPerReplicaPerSecond);
                TestContext.Current.TestOutputHelper?.WriteLine($"fleet reverted after {seconds} s (v4 per replica {string.Join(", ", v4)}), a single gateway after {singleSeconds} s");
                Assert.True(seconds <= singleSeconds + 2, $"the fleet reverted after {seconds} s, a single gateway with all its traffic after {singleSeconds} s");
            }

            // No replica alone ever had enough evidence: only the fleet's sum did.
            Assert.All(v4, count => Assert.True(count < MinRequests, $"a replica sent {count} requests to v4, enough to judge alone"));
            Assert.True(v4.Sum() >= MinRequests, $"the fleet sent only {v4.Sum()} requests to v4");

            var reverts = (await replicas[0].EventsAsync("revert")).ToArray();
            var revert = Assert.Single(reverts);
            Assert.Equal(leader, revert.GetProperty("replica").GetString());
            var evidence = revert.GetProperty("evidence");
            Assert.True(evidence.GetProperty("v4").GetProperty("requests").GetInt64() >= MinRequests, $"judged on {evidence}");
            foreach (var replica in replicas)
            {
                var guard = GuardHarness.Feature(await replica.Gateway.StatusAsync()).GetProperty("guard");
                Assert.Equal("reverted", guard.GetProperty("state").GetString());
                Assert.Equal(evidence.GetProperty("rule").GetString(), guard.GetProperty("rule").GetString());
            }
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Seconds of the fake clock until every replica shows a revert below 50 %, each second
    /// <paramref name="perReplica"/> requests to each replica (the same users on each); with the v4
    /// answers per replica and the last statuses.
    /// </summary>
    private static async Task<(int Seconds, int[] V4, JsonElement[] Statuses)> UntilRevertedAsync(IReadOnlyList<GuardHarness> replicas, FakeTimeProvider time, int perReplica)
    {
        var v4 = new int[replicas.Count];
        JsonElement[] statuses = [];
        for (var second = 0; second < 30; second++)
        {
            var sent = await Task.WhenAll(replicas.Select(r => SendAsync(r, perReplica, second)));
            for (var r = 0; r < replicas.Count; r++)
            {
                v4[r] += sent[r];
            }

            time.Advance(TimeSpan.FromSeconds(1));
            statuses = await Task.WhenAll(replicas.Select(r => EvaluatedAsync(r, time.GetUtcNow())));
            if (statuses.All(s => Percentage(s) < 50))
            {
                return (second + 1, v4, statuses);
            }
        }

        return (int.MaxValue, v4, statuses);
    }

    /// <summary>Waits until every replica's status names the same leader, and returns it.</summary>
    private static async Task<string> LeaderAsync(IReadOnlyList<GuardHarness> replicas)
    {
        var statuses = await Task.WhenAll(replicas.Select(r => r.Gateway.WaitForStatusAsync(
            s => FleetReplicas.Leadership(s).Leader is not null,
            "a leader in status")));
        var leaders = statuses.Select(s => FleetReplicas.Leadership(s).Leader).Distinct().ToArray();
        var leader = Assert.Single(leaders)!;
        Assert.Single(statuses, s => FleetReplicas.Leadership(s).Role == "leader");
        return leader;
    }

    /// <summary>Sends requests from distinct users at once, the same users on every replica; returns how many v4 answered.</summary>
    private static async Task<int> SendAsync(GuardHarness replica, int requests, int second)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
            request.Headers.Add("X-User-Id", $"fleet-user-{(second * requests) + i}");
            using var response = await replica.Gateway.Public.SendAsync(request, Ct);
            return response.Headers.TryGetValues("X-Backend", out var backend) && backend.Single() == "v4" ? 1 : 0;
        }));
        return answers.Sum();
    }

    private static Task<JsonElement> EvaluatedAsync(GuardHarness replica, DateTimeOffset now) =>
        replica.Gateway.WaitForStatusAsync(
            s => GuardHarness.Feature(s).GetProperty("guard") is { ValueKind: JsonValueKind.Object } guard
                && guard.GetProperty("evaluated_at").GetDateTimeOffset() >= now,
            "the guard to evaluate",
            // Four gateways and eight backends in one test process, beside the rest of the suite: a busy machine is slow to serve them all.
            TimeSpan.FromSeconds(30));

    private static decimal Percentage(JsonElement status) =>
        GuardHarness.Feature(status).GetProperty("effective").GetProperty("percentage").GetDecimal();
}
