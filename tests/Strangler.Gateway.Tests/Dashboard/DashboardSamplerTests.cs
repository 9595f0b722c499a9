using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Net;

namespace Strangler.Gateway.Tests.Dashboard;

/// <summary>The dashboard's series through the real pipeline: counts, failovers, proxy errors by kind, unrouted traffic.</summary>
public sealed class DashboardSamplerTests
{
    [Fact]
    public async Task A_sample_counts_failovers_proxy_errors_by_kind_and_unrouted_requests()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        var deadV4 = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = deadV4, Features = [RolloutFile.Restaurants("full", 0)] };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson(), services: s => s.AddSingleton<TimeProvider>(time));

        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/" + i);
            request.Headers.Add("X-User-Id", "user-" + i);
            using var failedOver = await gateway.Public.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal("v3", failedOver.Headers.GetValues("X-Backend").Single());
        }

        for (var i = 0; i < 4; i++)
        {
            using var unrouted = await gateway.Public.GetAsync("elsewhere/" + i, TestContext.Current.CancellationToken);
            Assert.Equal("v3", unrouted.Headers.GetValues("X-Backend").Single());
        }

        time.Advance(TimeSpan.FromSeconds(1));
        gateway.Service<DashboardSampler>().Sample(5);

        var series = await gateway.Management.GetFromJsonAsync<JsonElement>("admin/series", TestContext.Current.CancellationToken);
        var features = series.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(["api_v4_restaurants", "(none)"], features.Select(f => f.GetProperty("name").GetString()!).ToArray());
        var point = features[0].GetProperty("points").EnumerateArray().Last();
        Assert.Equal(6, point.GetProperty("failovers").GetInt64());
        Assert.Equal(6, point.GetProperty("v4").GetProperty("requests").GetInt64());
        Assert.Equal(6, point.GetProperty("v4").GetProperty("errors").GetInt64());
        Assert.Equal(6, point.GetProperty("v4").GetProperty("proxy_errors").GetProperty("connect_failure").GetInt64());
        Assert.Equal(0, point.GetProperty("v4").GetProperty("proxy_errors").GetProperty("timeout").GetInt64());
        Assert.Equal(6, point.GetProperty("v3").GetProperty("requests").GetInt64());
        Assert.Equal(JsonValueKind.Null, point.GetProperty("v3").GetProperty("proxy_errors").ValueKind);
        // The default guard: critical 10 %, warning by the step in force at the sample (the guard may have reverted to 0 % by then).
        Assert.Equal(10, point.GetProperty("thresholds").GetProperty("critical_error_percent").GetDouble());
        Assert.Equal(
            point.GetProperty("effective_percent").GetDecimal() == 100 ? 1 : 5,
            point.GetProperty("thresholds").GetProperty("max_error_percent").GetDouble());

        var unroutedPoint = features[1].GetProperty("points").EnumerateArray().Single();
        Assert.Equal(4, unroutedPoint.GetProperty("v3").GetProperty("requests").GetInt64());
        Assert.Equal(0, unroutedPoint.GetProperty("v4").GetProperty("requests").GetInt64());
        Assert.Equal(JsonValueKind.Null, unroutedPoint.GetProperty("thresholds").ValueKind);

        // Failovers count once: the next sample has none.
        time.Advance(TimeSpan.FromSeconds(5));
        gateway.Service<DashboardSampler>().Sample(5);
        series = await gateway.Management.GetFromJsonAsync<JsonElement>("admin/series", TestContext.Current.CancellationToken);
        Assert.Equal(0, series.GetProperty("features")[0].GetProperty("points").EnumerateArray().Last().GetProperty("failovers").GetInt64());
    }
}
