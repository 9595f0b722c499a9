using System.Text.RegularExpressions;
using Strangler.TestSupport.Hosting;
using Strangler.TestSupport.Tools;

namespace Strangler.V4Backend.Tests;

/// <summary>The backend's own surfaces besides the contract (/metrics), and the built binary refusing settings it cannot run with, as an operator sees it.</summary>
public sealed partial class V4BackendHostTests
{
    private const string Key = "v4-host-tests-signing-key-0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("--Auth:SigningKey=too-short-a-key", "Auth:SigningKey is 15 bytes long: an HS256 key needs at least 32 bytes (e.g. openssl rand -hex 32)")]
    [InlineData("--Auth:SigningKey=", "Auth:SigningKey is not set: set it to an HS256 key of at least 32 bytes (e.g. environment variable Auth__SigningKey)")]
    [InlineData("--ConnectionStrings:Redis=127.0.0.1:6379,colour=blue", "ConnectionStrings:Redis is not a valid StackExchange.Redis connection string:")]
    public async Task A_setting_it_cannot_run_with_is_one_line_on_stderr_and_exit_code_1(string setting, string message)
    {
        var arguments = setting.StartsWith("--Auth", StringComparison.Ordinal)
            ? new[] { setting, "--urls", "http://127.0.0.1:0" }
            : new[] { "--Auth:SigningKey=a-signing-key-that-is-long-enough-0123", setting, "--urls", "http://127.0.0.1:0" };

        var run = await BuiltBinary.RunAsync("v4-backend", arguments, TimeSpan.FromSeconds(60));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.StandardOutput);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
    }

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
