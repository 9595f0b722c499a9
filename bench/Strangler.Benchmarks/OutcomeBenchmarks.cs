using BenchmarkDotNet.Attributes;
using Strangler.Gateway.Outcomes;

namespace Strangler.Benchmarks;

/// <summary>The guard's recording path (run once per proxied request) and a window snapshot (once per feature per second).</summary>
[MemoryDiagnoser]
public class OutcomeBenchmarks
{
    private readonly OutcomeWindow _window = new(60);
    private long _n;

    [Benchmark(Description = "record one outcome")]
    public void Record()
    {
        var n = ++_n;
        _window.Record(1_000_000 + (n >> 16), (n & 15) == 0 ? OutcomeKind.ServerError : OutcomeKind.Success, 200, 1_000 + (n & 4095));
    }

    [Benchmark(Description = "snapshot of a 60 s window")]
    public long Snapshot() => _window.Snapshot(1_000_000 + (_n >> 16), 60).Requests;
}
