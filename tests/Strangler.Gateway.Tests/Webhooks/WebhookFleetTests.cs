using Strangler.Gateway.Tests.EndToEnd;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.Gateway.Webhooks;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;
using static Strangler.Gateway.Tests.Infrastructure.FleetReplicas;

namespace Strangler.Gateway.Tests.Webhooks;

/// <summary>Two real gateway processes on one real redis-server, both with the same webhook: each event is delivered once.</summary>
public sealed class WebhookFleetTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Each_event_and_each_rejected_revision_is_delivered_once_per_fleet_by_one_replica()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var redis = await RedisServer.StartOwnedAsync();
        await using var fleet = await StartWithSettingsAsync(
            backends, "webhooks", [$"--Gateway:Webhooks:0:Url={receiver.Url()}", "--Gateway:Webhooks:0:Secret=fleet-secret"], redis.Endpoint, redis.Endpoint);

        using (var forced = await PostAsync(fleet.Admin(0), "force", new { percentage = 35, reason = "from-r1" }))
        {
            forced.EnsureSuccessStatusCode();
        }

        using (var paused = await PostAsync(fleet.Admin(1), "pause", new { reason = "from-r2" }))
        {
            paused.EnsureSuccessStatusCode();
        }

        await SettledAsync(fleet, admin => EventsAsync(admin).ContinueWith(t => t.Result.Length == 2));
        var deliveries = receiver.Received;
        Assert.Equal(2, deliveries.Count);
        var force = Assert.Single(deliveries, d => d.Json.GetProperty("kind").GetString() == "force");
        var pause = Assert.Single(deliveries, d => d.Json.GetProperty("kind").GetString() == "pause");
        Assert.Equal(("r1", "r1"), (force.Json.GetProperty("replica").GetString(), force.Json.GetProperty("gateway").GetString()));
        Assert.Equal(("r2", "r2"), (pause.Json.GetProperty("replica").GetString(), pause.Json.GetProperty("gateway").GetString()));
        Assert.All(deliveries, d => Assert.Equal(WebhookSignature.Sign("fleet-secret", d.Body), d.Header("X-Strangler-Signature")));

        // Both replicas read the same file and reject the same revision: one of them tells.
        var rollout = Path.Combine(fleet.Directory, "rollout.json");
        var bad = (await File.ReadAllTextAsync(rollout, TestContext.Current.CancellationToken)).Replace("\"partial\"", "\"sideways\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(rollout + ".new", bad, TestContext.Current.CancellationToken);
        File.Move(rollout + ".new", rollout, overwrite: true);
        await SettledAsync(fleet, async admin => (await StatusAsync(admin)).GetProperty("reloads_rejected").GetInt64() == 1);

        var rejected = Assert.Single(receiver.Received, d => d.Json.GetProperty("kind").GetString() == WebhookKinds.ConfigRejected);
        Assert.Contains(rejected.Json.GetProperty("gateway").GetString(), new[] { "r1", "r2" });
        Assert.Equal(3, receiver.Received.Count);
    }

    /// <summary>Waits until <paramref name="seen"/> holds on every replica and no replica has a delivery pending (claims included).</summary>
    private static Task SettledAsync(FleetReplicas fleet, Func<HttpClient, Task<bool>> seen) =>
        Eventually.HoldsAsync(async () =>
        {
            for (var i = 0; i < fleet.Processes.Count; i++)
            {
                var admin = fleet.Admin(i);
                if (!await seen(admin) || WebhookDispatcherTests.WebhookStatus(await StatusAsync(admin)).GetProperty("pending").GetInt32() != 0)
                {
                    return false;
                }
            }

            return true;
        }, "every replica to have seen it with nothing pending", Wait);
}
