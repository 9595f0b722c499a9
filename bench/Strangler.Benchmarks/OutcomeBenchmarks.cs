using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.State;

namespace Strangler.Benchmarks;

/// <summary>
/// The guard's recording path (run once per proxied request) and a window snapshot (once per
/// feature per second); "record as the gateway does" is the whole per-request recording of a built
/// gateway: the guard's window of the feature in the rollout view, and the metrics instruments with the
/// gateway's OpenTelemetry MeterProvider listening (as when /metrics is served).
/// </summary>
[MemoryDiagnoser]
public class OutcomeBenchmarks
{
    private const string Feature = "api_v4_restaurants";
    private readonly OutcomeWindow _window = new(60);
    private readonly string _directory;
    private readonly GatewayApp _gateway;
    private readonly FeatureWindows _windows;
    private readonly GatewayMetrics _metrics;
    private long _n;

    public OutcomeBenchmarks()
    {
        _directory = Directory.CreateTempSubdirectory("strangler-bench-").FullName;
        var rollout = Path.Combine(_directory, "rollout.json");
        File.WriteAllText(rollout, $$"""
            {
              "backends": { "v3": { "destinations": ["http://127.0.0.1:1"] }, "v4": { "destinations": ["http://127.0.0.1:2"] } },
              "features": { "{{Feature}}": { "routes": [{ "path": "/api/restaurants", "v4_path": "/api/v4/restaurants" }], "stage": "partial", "percentage": 50 } }
            }
            """);
        _gateway = GatewayHost.Build([$"--Gateway:RolloutFile={rollout}", "--Serilog:MinimumLevel:Default=Warning"]);
        _windows = _gateway.Services.GetRequiredService<RolloutRuntime>().View.FeaturesByName[Feature].Windows!;
        _metrics = _gateway.Services.GetRequiredService<GatewayMetrics>();

        // A full minute of outcomes, so the snapshot sums every slot (an empty window returns at once).
        for (var second = 1_000_000 - 59; second <= 1_000_000; second++)
        {
            for (var i = 0; i < 50; i++)
            {
                _window.Record(second, i % 16 == 0 ? OutcomeKind.ServerError : OutcomeKind.Success, 200, 1_000 + (i * 37));
            }
        }
    }

    [Benchmark(Description = "record one outcome (window only)")]
    public void Record()
    {
        var n = ++_n;
        _window.Record(1_000_000 + (n >> 16), (n & 15) == 0 ? OutcomeKind.ServerError : OutcomeKind.Success, 200, 1_000 + (n & 4095));
    }

    [Benchmark(Description = "record as the gateway does (window and metrics)")]
    public void RecordAsTheGatewayDoes()
    {
        var n = ++_n;
        var v4 = (n & 1) == 0;
        var kind = (n & 15) == 0 ? OutcomeKind.ServerError : OutcomeKind.Success;
        var status = kind == OutcomeKind.Success ? 200 : 500;
        var micros = 1_000 + (n & 4095);
        _windows.For(v4).Record(1_000_000 + (n >> 16), kind, status, micros);
        _metrics.RecordAttempt(Feature, v4 ? "v4" : "v3", kind, status, micros / 1e6);
    }

    [Benchmark(Description = "snapshot of a full 60 s window")]
    public long Snapshot() => _window.Snapshot(1_000_000, 60).Requests;

    [GlobalCleanup]
    public void Cleanup()
    {
        _gateway.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }
}
