using Strangler.Bucketing;
using System.Net;
using System.Net.Http.Headers;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Tools;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>/metrics on the management port, checked by promtool.</summary>
public sealed class MetricsTests
{
    private static readonly string[] ProxyErrorKinds = ["connect_failure", "timeout", "reset", "no_destination"];

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
        await SendAsync(gateway, HttpMethod.Get, "api/other", "x");          // no feature's path: v3, counted as "(none)"

        var text = await gateway.Management.GetStringAsync("metrics", Ct);
        var (exit, output) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exit == 0, output + "\n" + text);

        var restaurantsV3 = Exposition.Value(text, "strangler_gateway_requests_total", "backend=\"v3\",feature=\"api_v4_restaurants\",status_class=\"2xx\"");
        var restaurantsV4 = Exposition.Value(text, "strangler_gateway_requests_total", "backend=\"v4\",feature=\"api_v4_restaurants\",status_class=\"2xx\"");
        Assert.Equal(40, restaurantsV3 + restaurantsV4);
        Assert.True(restaurantsV3 > 5 && restaurantsV4 > 5);
        Assert.Equal(5, Exposition.Value(text, "strangler_gateway_requests_total", "backend=\"v3\",feature=\"api_v4_reviews\",status_class=\"2xx\""));
        Assert.Equal(6, Exposition.Value(text, "strangler_gateway_requests_total", "backend=\"v4\",feature=\"api_v4_reviews\",status_class=\"5xx\""));
        Assert.Equal(1, Exposition.Value(text, "strangler_gateway_requests_total", "backend=\"v3\",feature=\"(none)\",status_class=\"2xx\""));
        Assert.Equal(5, Exposition.Value(text, "strangler_gateway_failovers_total", "feature=\"api_v4_reviews\""));
        Assert.Equal(52, Exposition.Sum(text, "strangler_gateway_request_duration_seconds_count"));
        // Seconds, as the unit says (the exporter's defaults would be millisecond-scale).
        Assert.Equal(
            ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2", "5", "10", "+Inf"],
            Exposition.Series(text)
                .Where(s => s.Name == "strangler_gateway_request_duration_seconds_bucket" && s.Labels.StartsWith("backend=\"v4\",feature=\"api_v4_reviews\",", StringComparison.Ordinal))
                .Select(s => s.Labels[(s.Labels.IndexOf("le=\"", StringComparison.Ordinal) + 4)..^1]));
        Assert.Equal(50, Exposition.Value(text, "strangler_gateway_rollout_effective_percent", "feature=\"api_v4_restaurants\""));
        Assert.Equal(1, Exposition.Value(text, "strangler_gateway_rollout_stage", "feature=\"api_v4_reviews\",stage=\"full\""));
        Assert.Equal(1, Exposition.Value(text, "strangler_gateway_config_reloads_total", "result=\"applied\""));
        Assert.Equal(1, Exposition.Value(text, "strangler_gateway_config_valid", null));
        Assert.True(Exposition.Sum(text, "process_cpu_time_seconds_total") > 0);
        Assert.True(Exposition.Value(text, "process_open_fds", null) > 0);
    }

    [Fact]
    public async Task Paths_no_feature_claims_are_counted_as_feature_none_on_v3()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        await using var gateway = await RunningGateway.StartAsync(
            new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("full", 100)] }.ToJson());

        for (var i = 0; i < 3; i++)
        {
            await SendAsync(gateway, HttpMethod.Get, $"api/unclaimed/{i}", $"u{i}");
        }

        v3.ForcedStatus = 503;
        await SendAsync(gateway, HttpMethod.Get, "legacy/only", "u");

        var text = await gateway.Management.GetStringAsync("metrics", Ct);
        Assert.Equal(3, Exposition.Value(text, "strangler_gateway_requests_total", "backend=\"v3\",feature=\"(none)\",status_class=\"2xx\""));
        Assert.Equal(1, Exposition.Value(text, "strangler_gateway_requests_total", "backend=\"v3\",feature=\"(none)\",status_class=\"5xx\""));
        Assert.Equal(4, Exposition.Value(text, "strangler_gateway_request_duration_seconds_count", "backend=\"v3\",feature=\"(none)\""));
        Assert.Null(Exposition.Find(text, "strangler_gateway_requests_total", "backend=\"v4\",feature=\"(none)\",status_class=\"2xx\""));
        Assert.Equal(4, v3.Requests);
    }

    [Fact]
    public async Task Event_failover_and_proxy_error_series_of_every_feature_start_at_zero_also_for_a_feature_added_later()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("partial", 10)] };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson());

        AssertStartsAtZero(await gateway.Management.GetStringAsync("metrics", Ct), "api_v4_restaurants", perRequest: true);
        var none = await gateway.Management.GetStringAsync("metrics", Ct);
        Assert.All(ProxyErrorKinds, kind => Assert.Equal(0, Exposition.Value(none, "strangler_gateway_proxy_errors_total", $"backend=\"v3\",feature=\"(none)\",kind=\"{kind}\"")));

        await gateway.ReplaceRolloutAsync((rollout with { Features = [RolloutFile.Restaurants("partial", 10), RolloutFile.Reviews("testing")] }).ToJson());
        await gateway.WaitForStatusAsync(s => s.GetProperty("features").GetArrayLength() == 2, "the second feature to be applied");
        AssertStartsAtZero(await gateway.Management.GetStringAsync("metrics", Ct), "api_v4_reviews", perRequest: true);
    }

    [Fact]
    public async Task A_rollout_of_many_features_gets_every_series_of_its_last_feature_and_no_overflow_series()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        // 13 event series per feature at 0: 250 features are 3,250, past the SDK's default limit of 2000.
        var features = Enumerable.Range(0, 250).Select(i => new FeatureEntry($"area_{i:D3}", $"/api/area-{i:D3}", $"/api/v4/area-{i:D3}", "partial", 50)).ToList();
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = features };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson());
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/area-249/x");
        request.Headers.Add("X-User-Id", "u1");
        (await gateway.Public.SendAsync(request, Ct)).EnsureSuccessStatusCode();

        var text = await gateway.Management.GetStringAsync("metrics", Ct);
        AssertStartsAtZero(text, "area_249", perRequest: true);
        Assert.Equal(1, Exposition.Value(text, "strangler_gateway_requests_total", "backend=\"" + (Bucket.Compute("strangler", "u1") < 5000 ? "v4" : "v3") + "\",feature=\"area_249\",status_class=\"2xx\""));
        Assert.DoesNotContain("otel_metric_overflow", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_observation_the_event_series_still_start_at_zero_and_no_per_request_series_appear()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        await using var gateway = await RunningGateway.StartAsync(
            new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("partial", 10)] }.ToJson(),
            new Dictionary<string, string?> { ["Gateway:Observe"] = "false" });
        await SendAsync(gateway, HttpMethod.Get, "api/restaurants/1", "u");

        var text = await gateway.Management.GetStringAsync("metrics", Ct);
        AssertStartsAtZero(text, "api_v4_restaurants", perRequest: false);
        foreach (var name in new[] { "strangler_gateway_requests_total", "strangler_gateway_proxy_errors_total", "strangler_gateway_failovers_total", "strangler_gateway_request_duration_seconds_count" })
        {
            Assert.DoesNotContain(name, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_gateways_in_one_process_keep_their_series_apart()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("full", 100)] }.ToJson();
        await using var first = await RunningGateway.StartAsync(rollout);
        await using var second = await RunningGateway.StartAsync(rollout);
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(second, HttpMethod.Get, "api/restaurants/1", $"u{i}");
        }

        await SendAsync(first, HttpMethod.Get, "api/restaurants/1", "u");

        const string V4Ok = "backend=\"v4\",feature=\"api_v4_restaurants\",status_class=\"2xx\"";
        var firstText = await first.Management.GetStringAsync("metrics", Ct);
        var secondText = await second.Management.GetStringAsync("metrics", Ct);
        Assert.Equal(1, Exposition.Value(firstText, "strangler_gateway_requests_total", V4Ok));
        Assert.Equal(3, Exposition.Value(secondText, "strangler_gateway_requests_total", V4Ok));
        Assert.Single(Exposition.Series(firstText), s => s.Name == "strangler_gateway_rollout_effective_percent");
    }

    [Fact]
    public async Task Metrics_need_the_admin_token_when_one_is_configured()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        await using var gateway = await RunningGateway.StartAsync(
            new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("partial", 10)] }.ToJson(),
            new Dictionary<string, string?> { ["Gateway:Management:Token"] = "metrics-token" });

        using var anonymous = await gateway.Management.GetAsync("metrics", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("missing bearer token", await anonymous.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("strangler_gateway", await anonymous.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "nope") } };
        using var rejected = await gateway.Management.SendAsync(wrong, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "metrics-token") } };
        using var accepted = await gateway.Management.SendAsync(right, Ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", accepted.Content.Headers.ContentType!.ToString());
        Assert.Contains("strangler_gateway_config_valid", await accepted.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static void AssertStartsAtZero(string text, string feature, bool perRequest)
    {
        foreach (var (kind, rules) in new[]
        {
            ("revert", new[] { "critical-error-rate", "critical-p95", "warning-error-rate", "warning-p95" }),
            ("inconclusive", new[] { "critical-error-rate", "critical-p95", "warning-error-rate", "warning-p95" }),
            ("advance", new[] { "healthy" }),
            ("force", new[] { "operator" }),
            ("pause", new[] { "operator" }),
            ("resume", new[] { "operator" }),
            ("rollback_all", new[] { "operator" }),
        })
        {
            foreach (var rule in rules)
            {
                Assert.Equal(0, Exposition.Value(text, "strangler_gateway_rollout_events_total", $"feature=\"{feature}\",kind=\"{kind}\",rule=\"{rule}\""));
            }
        }

        if (!perRequest)
        {
            return;
        }

        Assert.Equal(0, Exposition.Value(text, "strangler_gateway_failovers_total", $"feature=\"{feature}\""));
        foreach (var backend in new[] { "v3", "v4" })
        {
            foreach (var kind in ProxyErrorKinds)
            {
                Assert.Equal(0, Exposition.Value(text, "strangler_gateway_proxy_errors_total", $"backend=\"{backend}\",feature=\"{feature}\",kind=\"{kind}\""));
            }
        }
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
}
