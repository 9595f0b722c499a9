using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>
/// A stall of the gateway itself (the host starving it of CPU, a pause, a cold start) makes every
/// request in flight slow, to v3 and v4 alike, and at 100 % there is no v3 traffic to compare with.
/// The guard must not take it for v4's latency, and must still revert a v4 that is slow while the
/// gateway runs. The gateway's real time (attempt latencies and its stall probe) is a fake clock here,
/// beside the fake schedule clock; the backends really hold the requests.
/// </summary>
public sealed class GuardStallTests
{
    private const int Burst = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stall_of_the_gateway_that_delays_every_request_in_flight_does_not_revert_v4()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var realTime = new FakeTimeProvider();
        await using var gateway = await StartAsync(v3, v4, realTime, out var time);

        // 1.2 s pass at once on the gateway's real time: nothing in it ran meanwhile, its stall probe
        // included (and as long really passes, for a gateway that measured latency some other way).
        await SlowBurstAsync(gateway, v4, async () =>
        {
            realTime.Advance(TimeSpan.FromMilliseconds(1200));
            await Task.Delay(1200, Ct);
        });
        var feature = await GuardProbe.EvaluateAsync(gateway, time);

        var guard = feature.GetProperty("guard");
        Assert.Equal(Burst, guard.GetProperty("v4").GetProperty("requests").GetInt64());
        Assert.True(guard.GetProperty("v4").GetProperty("p95_ms").GetDouble() < 500, guard.GetProperty("detail").GetString());
        Assert.Equal(100m, feature.GetProperty("effective").GetProperty("percentage").GetDecimal());
        Assert.NotEqual("reverted", feature.GetProperty("effective").GetProperty("mode").GetString());
        var reverts = await GuardProbe.EventsAsync(gateway, "revert");
        Assert.True(reverts.Length == 0, $"reverted: {string.Join("; ", reverts.Select(r => r.ToString()))}; verdict: {guard}");
    }

    [Fact]
    public async Task A_v4_that_is_slow_while_the_gateway_runs_is_reverted()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var realTime = new FakeTimeProvider();
        await using var gateway = await StartAsync(v3, v4, realTime, out var time);

        // The same 1.2 s in steps the probe keeps up with: v4 is slow, the gateway is not.
        await SlowBurstAsync(gateway, v4, async () =>
        {
            for (var i = 0; i < 120; i++)
            {
                realTime.Advance(TimeSpan.FromMilliseconds(10));
                await Task.Delay(10, Ct);
            }
        });
        await GuardProbe.EvaluateAsync(gateway, time);

        var feature = GuardProbe.Feature(await gateway.WaitForStatusAsync(s => GuardProbe.Feature(s).GetProperty("effective").GetProperty("mode").GetString() == "reverted", "the revert"));
        Assert.Equal(50m, feature.GetProperty("effective").GetProperty("percentage").GetDecimal());
        var revert = Assert.Single(await GuardProbe.EventsAsync(gateway, "revert"));
        Assert.Equal("warning-p95", revert.GetProperty("evidence").GetProperty("rule").GetString());
    }

    private static Task<RunningGateway> StartAsync(EchoBackend v3, EchoBackend v4, FakeTimeProvider realTime, out FakeTimeProvider time)
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
        return RunningGateway.StartAsync(rollout.ToJson(), services: services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton(new StallClock(realTime));
        });
    }

    /// <summary>A burst that v4 holds in flight while <paramref name="pass"/> moves the gateway's real time, all within one (fake) second.</summary>
    private static async Task SlowBurstAsync(RunningGateway gateway, EchoBackend v4, Func<Task> pass)
    {
        v4.Hold();
        Task[] burst =
        [
            .. Enumerable.Range(0, Burst).Select(async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
                request.Headers.Add("X-User-Id", $"burst-{i}");
                using var response = await gateway.Public.SendAsync(request, Ct);
                response.EnsureSuccessStatusCode();
            }),
        ];
        await Strangler.TestSupport.Waiting.Eventually.HoldsAsync(() => v4.InFlight == Burst, $"{Burst} requests to reach v4", TimeSpan.FromSeconds(10));
        await pass();
        v4.Release();
        await Task.WhenAll(burst);
    }
}
