using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Redis;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// The fleet-wide guard: three in-process replicas on one real redis-server and one fake clock, each
/// with its own v3 and v4, each seeing too little of v4's traffic to judge it alone. The leader
/// judges the fleet's summed windows and acts once; every replica shows its verdict.
/// </summary>
public sealed class FleetGuardTests
{
    private const int MinRequests = 60;
    private const int RequestsPerReplicaPerSecond = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_replicas_none_of_which_reaches_min_requests_alone_are_reverted_by_the_leader_on_the_fleets_sum_once()
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
                await replicas[^1].SetFaultAsync(onV4: true, errorRate: 1.0);
            }

            var leader = await LeaderAsync(replicas);
            var v4 = new int[replicas.Count];
            JsonElement[] statuses = [];
            for (var second = 0; second < 30; second++)
            {
                for (var r = 0; r < replicas.Count; r++)
                {
                    v4[r] += await SendAsync(replicas[r], RequestsPerReplicaPerSecond, second);
                }

                time.Advance(TimeSpan.FromSeconds(1));
                statuses = await Task.WhenAll(replicas.Select(r => EvaluatedAsync(r, time.GetUtcNow())));
                if (statuses.All(s => Percentage(s) == 0))
                {
                    break;
                }
            }

            Assert.All(statuses, s => Assert.Equal(0m, Percentage(s)));
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

    /// <summary>Sends requests from distinct users, the same users on every replica; returns how many v4 answered.</summary>
    private static async Task<int> SendAsync(GuardHarness replica, int requests, int second)
    {
        var toV4 = 0;
        for (var i = 0; i < requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
            request.Headers.Add("X-User-Id", $"fleet-user-{(second * requests) + i}");
            using var response = await replica.Gateway.Public.SendAsync(request, Ct);
            toV4 += response.Headers.TryGetValues("X-Backend", out var backend) && backend.Single() == "v4" ? 1 : 0;
        }

        return toV4;
    }

    private static Task<JsonElement> EvaluatedAsync(GuardHarness replica, DateTimeOffset now) =>
        replica.Gateway.WaitForStatusAsync(
            s => GuardHarness.Feature(s).GetProperty("guard") is { ValueKind: JsonValueKind.Object } guard
                && guard.GetProperty("evaluated_at").GetDateTimeOffset() >= now,
            "the guard to evaluate");

    private static decimal Percentage(JsonElement status) =>
        GuardHarness.Feature(status).GetProperty("effective").GetProperty("percentage").GetDecimal();
}
