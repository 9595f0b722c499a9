using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Strangler.TestSupport.Hosting;
using Strangler.TestSupport.Tools;

namespace Strangler.Telemetry.Tests;

/// <summary>The pipeline in a real web application: what /metrics serves, checked by promtool.</summary>
public sealed partial class MetricsPipelineTests
{
    private const string MeterName = "Test.App";

    /// <summary>What Prometheus 3 sends: it prefers OpenMetrics.</summary>
    private const string PrometheusAccept =
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.3";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_instrument_kind_and_the_runtime_and_process_instruments_pass_promtool_as_plain_text_even_when_openmetrics_is_asked_for()
    {
        Promtool.Require();
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        (await client.GetAsync("hit", Ct)).Dispose();

        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.TryAddWithoutValidation("Accept", PrometheusAccept);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(PrometheusEndpoint.ContentType, response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync(Ct);
        var (exit, output) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exit == 0, output + "\n" + text);

        Assert.DoesNotContain("# EOF", text, StringComparison.Ordinal);
        Assert.Equal(1, Value(text, "test_requests_total", "{feature=\"a\"}"));
        Assert.Equal(0, Value(text, "test_requests_total", "{feature=\"zero\"}"));
        Assert.Equal(2, Value(text, "test_in_flight", "{}"));
        Assert.Equal(12.5, Value(text, "test_effective_percent", "{feature=\"a\"}"));
        Assert.Equal(3, Value(text, "test_reloads_total", "{}"));
        foreach (var family in new[] { "process_cpu_time_seconds_total", "process_memory_usage_bytes", "process_threads", "process_open_fds", "dotnet_gc_collections_total", "dotnet_gc_last_collection_heap_size_bytes", "dotnet_thread_pool_thread_count_total" })
        {
            Assert.Contains($"# TYPE {family} ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Histogram_buckets_are_the_instruments_own_in_seconds()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        (await client.GetAsync("hit", Ct)).Dispose();

        var text = await client.GetStringAsync("metrics", Ct);
        var bounds = SeriesLine().Matches(text)
            .Where(m => m.Groups["name"].Value == "test_duration_seconds_bucket")
            .Select(m => LeLabel().Match(m.Groups["labels"].Value).Groups["le"].Value)
            .ToArray();
        Assert.Equal(["0.005", "0.05", "0.5", "5", "+Inf"], bounds);
        Assert.Equal(1, Value(text, "test_duration_seconds_bucket", "{le=\"0.05\"}"));
        Assert.Equal(0.02, Value(text, "test_duration_seconds_sum", "{}"));
    }

    [Fact]
    public async Task Two_applications_in_one_process_keep_their_series_apart()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            (await secondClient.GetAsync("hit", Ct)).Dispose();
        }

        (await firstClient.GetAsync("hit", Ct)).Dispose();

        Assert.Equal(1, Value(await firstClient.GetStringAsync("metrics", Ct), "test_requests_total", "{feature=\"a\"}"));
        Assert.Equal(3, Value(await secondClient.GetStringAsync("metrics", Ct), "test_requests_total", "{feature=\"a\"}"));
    }

    [Fact]
    public async Task The_guard_runs_before_the_exporter()
    {
        await using var app = await StartAsync(guard: (context, next) =>
            context.Request.Headers.Authorization == "Bearer right" ? next(context) : Results.Unauthorized().ExecuteAsync(context));
        using var client = app.CreateClient();

        using var anonymous = await client.GetAsync("metrics", Ct);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(await anonymous.Content.ReadAsStringAsync(Ct));

        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer right");
        using var authorized = await client.SendAsync(request, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, authorized.StatusCode);
        Assert.Contains("test_requests_total", await authorized.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>An app whose meter (from its own factory) has one instrument of each kind.</summary>
    private static Task<RunningApp> StartAsync(Func<HttpContext, RequestDelegate, Task>? guard = null) =>
        RunningApp.StartAsync((args, configure) =>
        {
            var builder = WebApplication.CreateSlimBuilder(args);
            configure?.Invoke(builder);
            builder.Services.AddMetricsPipeline("test-app", [MeterName]);
            var web = builder.Build();
            web.Services.GetRequiredService<MeterProvider>();
            var meter = web.Services.GetRequiredService<IMeterFactory>().Create(MeterName);
            var requests = meter.CreateCounter<long>("test.requests", "{request}", "Requests.");
            var duration = meter.CreateHistogram<double>("test.duration", "s", "Durations.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.05, 0.5, 5] });
            var inFlight = meter.CreateUpDownCounter<long>("test.in_flight", "{request}", "In flight.");
            meter.CreateObservableGauge("test.effective_percent", () => new Measurement<double>(12.5, new KeyValuePair<string, object?>("feature", "a")), "%", "A share.");
            meter.CreateObservableCounter("test.reloads", () => 3L, "{reload}", "Reloads.");
            requests.Add(0, new KeyValuePair<string, object?>("feature", "zero"));
            web.MapGet("/hit", () =>
            {
                requests.Add(1, new KeyValuePair<string, object?>("feature", "a"));
                duration.Record(0.02);
                inFlight.Add(2);
                return "ok";
            });
            web.MapPrometheusText(guard: guard);
            return web;
        }, cancellationToken: Ct);

    private static double Value(string text, string name, string labels) =>
        SeriesLine().Matches(text)
            .Where(m => m.Groups["name"].Value == name && m.Groups["labels"].Value == labels)
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .Single();

    [GeneratedRegex(@"^(?<name>[a-z_]+)(?<labels>\{[^}]*\}) (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();

    [GeneratedRegex("le=\"(?<le>[^\"]+)\"")]
    private static partial Regex LeLabel();
}
