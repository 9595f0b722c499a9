using System.Text.RegularExpressions;
using Strangler.TestSupport.Hosting;
using Strangler.TestSupport.Tools;

namespace Strangler.V4Backend.Tests;

/// <summary>The backend's own surfaces besides the contract: /metrics.</summary>
public sealed partial class V4BackendHostTests
{
    private const string Key = "v4-host-tests-signing-key-0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_are_prometheus_text_that_promtool_accepts_with_the_cache_runtime_and_process_series()
    {
        Promtool.Require();
        var path = Path.Combine(Directory.CreateTempSubdirectory("strangler-v4-metrics-").FullName, "v4.db");
        await using var app = await RunningApp.StartAsync(V4BackendHost.Build, new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Key,
            ["Database:SqlitePath"] = path,
        }, cancellationToken: Ct);
        using var client = app.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            (await client.GetAsync("api/v4/restaurants/7", Ct)).EnsureSuccessStatusCode();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        // Prometheus 3 asks for OpenMetrics first; the answer is the plain text format all the same.
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync(Ct);
        var (exit, output) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exit == 0, output + "\n" + text);

        var families = TypeLine().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet();
        Assert.Contains(families, f => f.StartsWith("strangler_v4_cache_", StringComparison.Ordinal));
        Assert.Contains("process_cpu_time_seconds_total", families);
        Assert.Contains("process_open_fds", families);
        Assert.Contains("dotnet_gc_collections_total", families);
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
