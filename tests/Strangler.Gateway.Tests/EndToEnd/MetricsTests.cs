using System.Globalization;
using System.Text.RegularExpressions;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Tools;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>/metrics on the management port after mixed traffic, checked by promtool.</summary>
public sealed partial class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_live_scrape_after_mixed_traffic_passes_promtool_and_counts_what_happened()
    {
        Promtool.Require();
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var rollout = new RolloutFile
        {
            V3 = v3.BaseAddress,
            V4 = v4.BaseAddress,
            Features = [RolloutFile.Restaurants("partial", 50), RolloutFile.Reviews("full", 100)],
        };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson());

        for (var i = 0; i < 40; i++)
        {
            await SendAsync(gateway, HttpMethod.Get, "api/restaurants", $"u{i}");
        }

        v4.ForcedStatus = 503;
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(gateway, HttpMethod.Get, "api/reviews", "r");   // 503 from v4, failed over to v3
        }

        v4.ForcedStatus = 500;
        await SendAsync(gateway, HttpMethod.Post, "api/reviews", "w");      // 500 to the client
        await SendAsync(gateway, HttpMethod.Get, "api/other", "x");          // not a feature: not counted

        var text = await gateway.Management.GetStringAsync("metrics", Ct);
        var (exit, output) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exit == 0, output + "\n" + text);

        var restaurantsV3 = Value(text, "strangler_gateway_requests_total", "backend=\"v3\",feature=\"api_v4_restaurants\",status_class=\"2xx\"");
        var restaurantsV4 = Value(text, "strangler_gateway_requests_total", "backend=\"v4\",feature=\"api_v4_restaurants\",status_class=\"2xx\"");
        Assert.Equal(40, restaurantsV3 + restaurantsV4);
        Assert.True(restaurantsV3 > 5 && restaurantsV4 > 5);
        Assert.Equal(5, Value(text, "strangler_gateway_requests_total", "backend=\"v3\",feature=\"api_v4_reviews\",status_class=\"2xx\""));
        Assert.Equal(6, Value(text, "strangler_gateway_requests_total", "backend=\"v4\",feature=\"api_v4_reviews\",status_class=\"5xx\""));
        Assert.Equal(5, Value(text, "strangler_gateway_failovers_total", "feature=\"api_v4_reviews\""));
        Assert.Equal(51, Value(text, "strangler_gateway_request_duration_seconds_count", null, sumAll: true));
        Assert.Equal(50, Value(text, "strangler_gateway_rollout_effective_percent", "feature=\"api_v4_restaurants\""));
        Assert.Equal(1, Value(text, "strangler_gateway_rollout_stage", "feature=\"api_v4_reviews\",stage=\"full\""));
        Assert.Equal(1, Value(text, "strangler_gateway_config_reloads_total", "result=\"applied\""));
        Assert.Equal(1, Value(text, "strangler_gateway_config_valid", null));
        Assert.Contains("process_cpu_seconds_total", text, StringComparison.Ordinal);
    }

    private static async Task SendAsync(RunningGateway gateway, HttpMethod method, string path, string user)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-User-Id", user);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await gateway.Public.SendAsync(request, Ct);
    }

    private static double Value(string text, string name, string? labels, bool sumAll = false)
    {
        var total = 0.0;
        foreach (Match m in SeriesLine().Matches(text))
        {
            if (m.Groups["name"].Value == name && (sumAll || (labels is null ? m.Groups["labels"].Value.Length == 0 : m.Groups["labels"].Value == "{" + labels + "}")))
            {
                total += double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(?<labels>\{[^}]*\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();
}
