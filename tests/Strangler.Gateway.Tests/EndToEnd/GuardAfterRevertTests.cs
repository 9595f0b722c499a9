using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>
/// What the guard does and says after a revert: requests in flight at the revert are no evidence
/// afterwards, and the feature's guard state says "reverted" for as long as the revert holds.
/// Real backends that can stall requests, the real gateway, a fake clock.
/// </summary>
public sealed class GuardAfterRevertTests
{
    private const int Burst = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Slow_requests_in_flight_at_a_revert_do_not_trip_a_second_revert()
    {
        // One latency fault: v4 takes over a second per request. At 100 % (p95 at most 500 ms) it
        // reverts to 50 %. Requests that were in flight then complete after the revert, as slowly;
        // they started under the old percentage and must not revert 50 % to 25 % too.
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        await using var gateway = await StartAsync(v3, v4, out var time);

        await SlowBurstAsync(gateway, v4, "first");
        v4.Hold();
        var inFlight = StartBurst(gateway, "second");
        await WaitForInFlightAsync(v4);
        var released = Stopwatch.StartNew();

        var feature = await GuardProbe.EvaluateAsync(gateway, time);
        feature = await gateway.WaitForStatusAsync(s => GuardProbe.Feature(s).GetProperty("effective").GetProperty("mode").GetString() == "reverted", "the first revert")
            .ContinueWith(t => GuardProbe.Feature(t.Result), Ct);
        Assert.Equal(50m, feature.GetProperty("effective").GetProperty("percentage").GetDecimal());

        // The clock moves past the revert's second while the second burst is still held by v4.
        await GuardProbe.EvaluateAsync(gateway, time);
        Assert.Equal(Burst, v4.InFlight);
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, 1200 - released.ElapsedMilliseconds)), Ct); // the fault: over a second per request
        v4.Release(); // and the fault is lifted
        await Task.WhenAll(inFlight);

        for (var s = 0; s < 5; s++)
        {
            feature = await GuardProbe.EvaluateAsync(gateway, time);
        }

        var reverts = await GuardProbe.EventsAsync(gateway, "revert");
        var revert = Assert.Single(reverts);
        Assert.Equal((100m, 50m, "warning-p95"), (revert.GetProperty("from").GetDecimal(), revert.GetProperty("to").GetDecimal(), revert.GetProperty("evidence").GetProperty("rule").GetString()));
        Assert.Equal(50m, feature.GetProperty("effective").GetProperty("percentage").GetDecimal());
    }

    [Fact]
    public async Task The_guard_state_says_reverted_with_its_rule_until_the_feature_is_resumed()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        await using var gateway = await StartAsync(v3, v4, out var time);
        await SlowBurstAsync(gateway, v4, "slow");
        await GuardProbe.EvaluateAsync(gateway, time);
        await gateway.WaitForStatusAsync(s => GuardProbe.Feature(s).GetProperty("effective").GetProperty("mode").GetString() == "reverted", "the revert");

        // Seconds later, with fast traffic again (a verdict alone would say insufficient_data by now),
        // status, the gauge Prometheus scrapes and the dashboard's data all still say reverted.
        JsonElement feature = default;
        for (var s = 0; s < 20; s++)
        {
            await Task.WhenAll(StartBurst(gateway, $"fast-{s}"));
            feature = await GuardProbe.EvaluateAsync(gateway, time);
            var guard = feature.GetProperty("guard");
            Assert.Equal(("reverted", "warning-p95"), (guard.GetProperty("state").GetString(), guard.GetProperty("rule").GetString()));
            Assert.Contains("reverted to 50 % by warning-p95", guard.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains(feature.GetProperty("guard").GetProperty("verdict").GetString(), new[] { "healthy", "insufficient_data" });
        var metrics = await gateway.Management.GetStringAsync("metrics", Ct);
        Assert.Contains("strangler_gateway_guard_state{feature=\"api_v4_restaurants\",state=\"reverted\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("strangler_gateway_guard_state{feature=\"api_v4_restaurants\",state=\"insufficient_data\"} 0", metrics, StringComparison.Ordinal);

        using (var resume = await gateway.Management.PostAsync("admin/features/api_v4_restaurants/resume", null, Ct))
        {
            resume.EnsureSuccessStatusCode();
        }

        feature = await GuardProbe.EvaluateAsync(gateway, time);
        Assert.NotEqual("reverted", feature.GetProperty("guard").GetProperty("state").GetString());
        Assert.Contains(
            "strangler_gateway_guard_state{feature=\"api_v4_restaurants\",state=\"reverted\"} 0",
            await gateway.Management.GetStringAsync("metrics", Ct),
            StringComparison.Ordinal);
    }

    private static Task<RunningGateway> StartAsync(EchoBackend v3, EchoBackend v4, out FakeTimeProvider time)
    {
        var clock = time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var rollout = new RolloutFile
        {
            V3 = v3.BaseAddress,
            V4 = v4.BaseAddress,
            Features =
            [
                RolloutFile.Restaurants("full", 0) with
                {
                    Extra = "\"guard\": { \"min_requests\": 10, \"critical\": { \"max_error_percent\": 10, \"max_p95_ms\": 30000 } },",
                },
            ],
        };
        return RunningGateway.StartAsync(rollout.ToJson(), services: services => services.AddSingleton<TimeProvider>(clock));
    }

    /// <summary>A burst that v4 answers after more than a second, all within the current (fake) second.</summary>
    private static async Task SlowBurstAsync(RunningGateway gateway, EchoBackend v4, string users)
    {
        v4.Hold();
        var burst = StartBurst(gateway, users);
        await WaitForInFlightAsync(v4);
        await Task.Delay(1200, Ct); // the fault: v4 takes over a second per request
        v4.Release();
        await Task.WhenAll(burst);
    }

    private static Task[] StartBurst(RunningGateway gateway, string users) =>
        [.. Enumerable.Range(0, Burst).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
            request.Headers.Add("X-User-Id", $"{users}-{i}");
            using var response = await gateway.Public.SendAsync(request, Ct);
            response.EnsureSuccessStatusCode();
        })];

    private static Task WaitForInFlightAsync(EchoBackend v4) =>
        Strangler.TestSupport.Waiting.Eventually.HoldsAsync(() => v4.InFlight == Burst, $"{Burst} requests to reach v4", TimeSpan.FromSeconds(10));
}
