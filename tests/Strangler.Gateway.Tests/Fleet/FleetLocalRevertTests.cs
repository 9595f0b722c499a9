using System.Net;
using System.Text.Json;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// Fail-static: a replica cut off from Redis reverts on its own evidence (the safe direction), and
/// the revert beats the stale higher percentage in the store once the link heals. The judging
/// replica runs in-process on a fake clock (the guard's seconds); the other is a real process.
/// </summary>
public sealed class FleetLocalRevertTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_revert_made_while_cut_off_is_recorded_as_local_and_kept_fleet_wide_when_the_link_heals()
    {
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var link = TcpForwarder.Start(redis.Host, redis.Port);
        await using var harness = await GuardHarness.StartAsync(
            GuardHarness.Restaurants("partial", 50),
            settings: new Dictionary<string, string?>
            {
                ["Gateway:Fleet:Redis"] = link.Endpoint,
                ["Gateway:Fleet:Name"] = "local-revert",
                ["Gateway:Fleet:ReplicaId"] = "judge",
            });
        var directory = Directory.CreateTempSubdirectory("strangler-fleet-").FullName;
        var rollout = Path.Combine(directory, "rollout.json");
        File.Copy(harness.Gateway.RolloutPath, rollout);
        await using var other = await GatewayProcess.StartAsync(
            rollout,
            $"--Gateway:StateFile={Path.Combine(directory, "other.state.json")}",
            $"--Gateway:Fleet:Redis={redis.Endpoint}",
            "--Gateway:Fleet:Name=local-revert",
            "--Gateway:Fleet:ReplicaId=other",
            "--Gateway:Observe=false");
        using var otherAdmin = new HttpClient { BaseAddress = other.ManagementAddress };

        for (var i = 0; i < 5; i++)
        {
            await harness.SecondAsync(240);
        }

        link.Cut();
        await harness.SetFaultAsync(onV4: true, errorRate: 0.30);
        JsonElement feature;
        var seconds = 0;
        do
        {
            feature = GuardHarness.Feature(await harness.SecondAsync(240));
            seconds++;
        }
        while (feature.GetProperty("effective").GetProperty("percentage").GetDecimal() != 0 && seconds < 15);

        Assert.Equal("reverted", feature.GetProperty("effective").GetProperty("mode").GetString());
        var local = Assert.Single(await harness.EventsAsync("revert"));
        Assert.True(local.GetProperty("local").GetBoolean());
        Assert.Equal("judge", local.GetProperty("replica").GetString());
        var judged = await harness.Gateway.StatusAsync();
        Assert.Equal("degraded", judged.GetProperty("fleet").GetProperty("status").GetString());
        Assert.Equal(["api_v4_restaurants"], judged.GetProperty("fleet").GetProperty("local_reverts").EnumerateArray().Select(e => e.GetString()));
        // The other replica never heard of it: the store still says 50 %.
        Assert.Equal(50m, FleetReplicas.Effective(await FleetReplicas.StatusAsync(otherAdmin)).GetProperty("percentage").GetDecimal());

        // v4 is healthy again before the link heals, so only reconciliation can carry the revert to the fleet.
        await harness.SetFaultAsync(onV4: true, errorRate: 0);
        link.Heal();
        await Eventually.HoldsAsync(
            async () =>
            {
                await harness.SecondAsync(10); // the judge's clock drives its re-reads
                return FleetReplicas.HasPercentage(await FleetReplicas.StatusAsync(otherAdmin), 0);
            },
            "the other replica to take the reconciled revert",
            TimeSpan.FromSeconds(10));

        var status = await harness.Gateway.StatusAsync();
        Assert.Equal("connected", status.GetProperty("fleet").GetProperty("status").GetString());
        Assert.Empty(status.GetProperty("fleet").GetProperty("local_reverts").EnumerateArray());
        Assert.Equal(0m, GuardHarness.Feature(status).GetProperty("effective").GetProperty("percentage").GetDecimal());
        var shared = await Eventually.ReturnsAsync(
            async () =>
            {
                var events = await FleetReplicas.EventsAsync(otherAdmin);
                return (events.Any(e => e.GetProperty("kind").GetString() == "revert"), events);
            },
            "the reconciled revert in the other replica's events",
            TimeSpan.FromSeconds(5));
        var reconciled = Assert.Single(shared, e => e.GetProperty("kind").GetString() == "revert");
        Assert.False(reconciled.GetProperty("local").GetBoolean());
        Assert.Contains("reconciled", reconciled.GetProperty("reason").GetString(), StringComparison.Ordinal);

        using var refusedNone = await FleetReplicas.PostAsync(otherAdmin, "resume", new { reason = "fault fixed" });
        Assert.Equal(HttpStatusCode.OK, refusedNone.StatusCode);
        Directory.Delete(directory, recursive: true);
    }
}
