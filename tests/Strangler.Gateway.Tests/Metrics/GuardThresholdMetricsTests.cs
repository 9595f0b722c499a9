using System.Net.Http.Json;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Metrics;

/// <summary>The guard's thresholds for the step in force as gauges, which the Grafana dashboard draws beside the error rate and p95.</summary>
public sealed class GuardThresholdMetricsTests
{
    [Fact]
    public async Task The_threshold_gauges_follow_the_step_in_force()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var rollout = new RolloutFile
        {
            V3 = v3.BaseAddress,
            V4 = v4.BaseAddress,
            Features = [RolloutFile.Restaurants("partial", 50), RolloutFile.Reviews("disabled", 0)],
            Defaults = """
                "guard": {
                  "critical": { "max_error_percent": 12, "max_p95_ms": 3000 },
                  "steps": [
                    { "up_to": 10, "max_error_percent": 4, "max_p95_ms": 900 },
                    { "up_to": 100, "max_error_percent": 1.5, "max_p95_ms": 400 }
                  ]
                }
                """,
        };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson());

        var metrics = await gateway.Management.GetStringAsync("metrics", TestContext.Current.CancellationToken);
        Assert.Equal(0.015, Exposition.Value(metrics, "strangler_gateway_guard_max_error_ratio", "feature=\"api_v4_restaurants\",level=\"warning\""), 9);
        Assert.Equal(0.12, Exposition.Value(metrics, "strangler_gateway_guard_max_error_ratio", "feature=\"api_v4_restaurants\",level=\"critical\""), 9);
        Assert.Equal(0.4, Exposition.Value(metrics, "strangler_gateway_guard_max_p95_seconds", "feature=\"api_v4_restaurants\",level=\"warning\""), 9);
        Assert.Equal(3, Exposition.Value(metrics, "strangler_gateway_guard_max_p95_seconds", "feature=\"api_v4_restaurants\",level=\"critical\""), 9);
        // A feature the guard does not watch (disabled) has no thresholds to draw.
        Assert.DoesNotContain("strangler_gateway_guard_max_error_ratio{feature=\"api_v4_reviews\"", metrics, StringComparison.Ordinal);

        using var force = await gateway.Management.PostAsJsonAsync("admin/features/api_v4_restaurants/force", new { percentage = 5 }, TestContext.Current.CancellationToken);
        force.EnsureSuccessStatusCode();
        metrics = await gateway.Management.GetStringAsync("metrics", TestContext.Current.CancellationToken);
        Assert.Equal(0.04, Exposition.Value(metrics, "strangler_gateway_guard_max_error_ratio", "feature=\"api_v4_restaurants\",level=\"warning\""), 9);
        Assert.Equal(0.9, Exposition.Value(metrics, "strangler_gateway_guard_max_p95_seconds", "feature=\"api_v4_restaurants\",level=\"warning\""), 9);
        Assert.Equal(0.12, Exposition.Value(metrics, "strangler_gateway_guard_max_error_ratio", "feature=\"api_v4_restaurants\",level=\"critical\""), 9);
    }
}
