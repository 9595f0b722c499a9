using System.Diagnostics.Metrics;
using System.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Strangler.TestSupport.Hosting;
using Strangler.TestSupport.Tools;

namespace Strangler.Metrics.Tests;

public sealed class PrometheusCollectorTests
{
    [Theory]
    [InlineData("strangler.gateway.requests", "{request}", true, "strangler_gateway_requests_total")]
    [InlineData("strangler.gateway.request.duration", "s", false, "strangler_gateway_request_duration_seconds")]
    [InlineData("http.server.request_size", "By", false, "http_server_request_size_bytes")]
    [InlineData("already_total", null, true, "already_total")]
    [InlineData("9lives-and/dashes", null, false, "_9lives_and_dashes")]
    [InlineData("queue.depth", "1", false, "queue_depth_ratio")]
    public void Names_follow_prometheus_conventions(string name, string? unit, bool counter, string expected) =>
        Assert.Equal(expected, PrometheusNames.Metric(name, unit, counter));

    [Fact]
    public void Every_instrument_kind_is_written_sorted_with_escaped_labels()
    {
        using var meter = new Meter($"test.{Guid.NewGuid():N}");
        using var collector = new PrometheusCollector([meter.Name]);
        var counter = meter.CreateCounter<long>("app.requests", "{request}", "Requests served.");
        var histogram = meter.CreateHistogram<double>("app.latency", "s", "Latency.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1] });
        var upDown = meter.CreateUpDownCounter<int>("app.in_flight", "{request}", "In flight.");
        var observed = 3.5;
        meter.CreateObservableGauge("app.temperature", () => observed, "Cel", "A gauge with \\ and \n in its help.");
        meter.CreateObservableCounter("app.cpu.time", () => new Measurement<double>(12.5, new KeyValuePair<string, object?>("mode", "user")), "s", "CPU time.");

        counter.Add(2, new KeyValuePair<string, object?>("path", "/a\"b\\c\nd"), new KeyValuePair<string, object?>("code", 200));
        counter.Add(3, new KeyValuePair<string, object?>("code", 200), new KeyValuePair<string, object?>("path", "/a\"b\\c\nd"));
        histogram.Record(0.05);
        histogram.Record(0.5);
        histogram.Record(0.7);
        histogram.Record(3);
        upDown.Add(5);
        upDown.Add(-2);

        var text = collector.Scrape();
        Assert.Contains("# TYPE app_requests_total counter\napp_requests_total{code=\"200\",path=\"/a\\\"b\\\\c\\nd\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("app_latency_seconds_bucket{le=\"0.1\"} 1\napp_latency_seconds_bucket{le=\"0.5\"} 2\napp_latency_seconds_bucket{le=\"1\"} 3\napp_latency_seconds_bucket{le=\"+Inf\"} 4\napp_latency_seconds_sum 4.25\napp_latency_seconds_count 4\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE app_in_flight gauge\napp_in_flight 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP app_temperature A gauge with \\\\ and \\n in its help.\n# TYPE app_temperature gauge\napp_temperature 3.5\n", text, StringComparison.Ordinal);
        Assert.Contains("app_cpu_time_seconds_total{mode=\"user\"} 12.5\n", text, StringComparison.Ordinal);
        Assert.Contains("process_resident_memory_bytes ", text, StringComparison.Ordinal);

        observed = 7;
        Assert.Contains("app_temperature 7\n", collector.Scrape(), StringComparison.Ordinal);

        var names = text.Split('\n').Where(l => l.StartsWith("# TYPE app_", StringComparison.Ordinal)).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void Concurrent_recording_counts_exactly()
    {
        using var meter = new Meter($"test.{Guid.NewGuid():N}");
        using var collector = new PrometheusCollector([meter.Name]);
        var counter = meter.CreateCounter<long>("app.hits");
        var histogram = meter.CreateHistogram<double>("app.size", "By");
        var tags = new[] { "a", "b", "c", "d" };
        Parallel.For(0, 8, t =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("shard", tags[i % 4]));
                histogram.Record(i % 100);
            }
        });

        var text = collector.Scrape();
        foreach (var tag in tags)
        {
            Assert.Contains($"app_hits_total{{shard=\"{tag}\"}} 50000\n", text, StringComparison.Ordinal);
        }

        Assert.Contains("app_size_bytes_count 200000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Meters_not_asked_for_are_ignored()
    {
        using var mine = new Meter($"mine.{Guid.NewGuid():N}");
        using var other = new Meter($"other.{Guid.NewGuid():N}");
        using var collector = new PrometheusCollector([mine.Name]);
        other.CreateCounter<long>("other.thing").Add(1);
        mine.CreateCounter<long>("mine.thing").Add(1);
        var text = collector.Scrape();
        Assert.Contains("mine_thing_total 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("other_thing", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_accepts_the_output_of_every_instrument_kind()
    {
        Promtool.Require();
        using var meter = new Meter($"test.{Guid.NewGuid():N}");
        using var collector = new PrometheusCollector([meter.Name]);
        meter.CreateCounter<long>("lint.requests", "{request}", "Requests.").Add(4, new KeyValuePair<string, object?>("route", "/x\"y"));
        meter.CreateHistogram<double>("lint.duration", "s", "Durations.").Record(0.2);
        meter.CreateUpDownCounter<long>("lint.in_flight", "{request}", "In flight.").Add(1);
        meter.CreateObservableGauge("lint.effective", () => 12.5, "%", "Effective share.");

        var (exit, output) = await Promtool.CheckMetricsAsync(collector.Scrape());
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task The_endpoint_serves_the_text_format_and_promtool_accepts_a_live_scrape()
    {
        Promtool.Require();
        var meterName = $"web.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("web.hits", "{hit}", "Hits.");
        await using var app = await RunningApp.StartAsync((args, configure) =>
        {
            var builder = WebApplication.CreateSlimBuilder(args);
            configure?.Invoke(builder);
            builder.Services.AddPrometheusMetrics(meterName);
            var web = builder.Build();
            web.MapGet("/hit", () => { counter.Add(1); return "ok"; });
            web.MapPrometheusMetrics();
            return web;
        }, cancellationToken: TestContext.Current.CancellationToken);
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("hit", TestContext.Current.CancellationToken)).Dispose();
        }

        using var response = await client.GetAsync("metrics", TestContext.Current.CancellationToken);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("web_hits_total 3\n", text, StringComparison.Ordinal);
        var (exit, output) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exit == 0, output);
    }
}
