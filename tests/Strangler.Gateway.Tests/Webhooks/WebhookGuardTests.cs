using System.Net;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.Gateway.Webhooks;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Waiting;
using static Strangler.Gateway.Tests.Webhooks.WebhookDispatcherTests;

namespace Strangler.Gateway.Tests.Webhooks;

/// <summary>Webhooks told of real guard reverts: real requests, real fault injection, a fake clock.</summary>
public sealed class WebhookGuardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_guard_revert_is_delivered_once_signed_and_with_its_evidence()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        const string secret = "revert-signing-secret";
        await using var harness = await GuardHarness.StartAsync(
            GuardHarness.Restaurants("partial", 50),
            settings: Hook(0, receiver.Url(), secret: secret, events: ["revert"]));

        await harness.SetFaultAsync(onV4: true, errorRate: 0.30);
        var seconds = 0;
        while (GuardHarness.Feature(await harness.SecondAsync(240)).GetProperty("effective").GetProperty("percentage").GetDecimal() != 0 && ++seconds < 10)
        {
        }

        await Eventually.HoldsAsync(() => receiver.Received.Count >= 1, "the revert's delivery", TimeSpan.FromSeconds(10));
        // The guard goes on judging the reverted feature; no second delivery for the one revert.
        for (var i = 0; i < 3; i++)
        {
            await harness.SecondAsync(50);
        }

        await harness.Gateway.WaitForStatusAsync(s => WebhookStatus(s).GetProperty("pending").GetInt32() == 0, "nothing pending");
        var delivery = Assert.Single(receiver.Received);
        Assert.Equal(WebhookSignature.Sign(secret, delivery.Body), delivery.Header("X-Strangler-Signature"));
        Assert.Equal("revert", delivery.Header("X-Strangler-Event"));

        var revert = Assert.Single(await harness.EventsAsync("revert"));
        var body = delivery.Json;
        Assert.Equal(revert.GetProperty("id").GetInt64(), body.GetProperty("id").GetInt64());
        Assert.Equal(50m, body.GetProperty("from").GetDecimal());
        Assert.Equal(0m, body.GetProperty("to").GetDecimal());
        Assert.Equal("guard", body.GetProperty("actor").GetString());
        Assert.True(SameJson(revert.GetProperty("evidence"), body.GetProperty("evidence")), body.GetProperty("evidence").ToString());
        Assert.Equal("critical-error-rate", body.GetProperty("evidence").GetProperty("rule").GetString());
        Assert.True(body.GetProperty("evidence").GetProperty("v4").GetProperty("requests").GetInt64() > 0);
    }

    [Fact]
    public async Task Dead_receivers_leave_the_revert_in_the_same_evaluation_and_requests_answered()
    {
        // Every v4 request fails: the guard reverts in the first evaluation whose window holds
        // enough requests, which depends only on the traffic (the same users every run).
        int without;
        await using (var plain = await GuardHarness.StartAsync(GuardHarness.Restaurants("partial", 50)))
        {
            without = await SecondsToRevertAsync(plain);
        }

        var closed = $"http://127.0.0.1:{FreePort.Next()}/hook";
        using var silent = new SilentListener();
        await using var harness = await GuardHarness.StartAsync(GuardHarness.Restaurants("partial", 50), settings: Merge(Hook(0, closed), Hook(1, silent.Url)));
        var with = await SecondsToRevertAsync(harness);

        Assert.Equal(without, with);
        // The deliveries are still failing or hanging while the gateway routes and judges on.
        Assert.True(silent.Accepted >= 1, "the silent receiver was never called");
        var status = await harness.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.StartsWith("ConnectionError", WebhookStatus(status, 0).GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, WebhookStatus(status, 1).GetProperty("pending").GetInt32());
        Assert.Equal(0, WebhookStatus(status, 1).GetProperty("delivered").GetInt64());
        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
            request.Headers.Add("X-User-Id", $"after-{i}");
            using var response = await harness.Gateway.Public.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>Seconds of all-failing v4 traffic until the feature is reverted to 0 (checked after each evaluation).</summary>
    private static async Task<int> SecondsToRevertAsync(GuardHarness harness)
    {
        await harness.SetFaultAsync(onV4: true, errorRate: 1.0);
        var seconds = 1;
        while (GuardHarness.Feature(await harness.SecondAsync(100)).GetProperty("effective").GetProperty("percentage").GetDecimal() != 0)
        {
            Assert.True(++seconds <= 30, "no revert within 30 s");
        }

        Assert.Single(await harness.EventsAsync("revert"));
        return seconds;
    }
}
