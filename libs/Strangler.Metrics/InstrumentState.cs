using System.Diagnostics.Metrics;

namespace Strangler.Metrics;

/// <summary>The series of one instrument. Lookup scans a small copy-on-write array; no allocation once a series exists.</summary>
internal sealed class InstrumentState(Instrument instrument, MetricKind kind, double[]? bounds)
{
    private readonly Lock _lock = new();
    private volatile MetricSeries[] _series = [];

    public Instrument Instrument { get; } = instrument;

    public MetricKind Kind { get; } = kind;

    public double[]? Bounds { get; } = bounds;

    public IReadOnlyList<MetricSeries> Series => _series;

    public MetricSeries For(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in _series)
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }

        lock (_lock)
        {
            foreach (var series in _series)
            {
                if (series.Matches(tags))
                {
                    return series;
                }
            }

            var created = new MetricSeries(tags, Bounds);
            _series = [.. _series, created];
            return created;
        }
    }
}

/// <summary>How an instrument's values are exposed.</summary>
internal enum MetricKind
{
    /// <summary>Monotonic sum: Counter, ObservableCounter (exposed as _total).</summary>
    Counter,

    /// <summary>Last value: ObservableGauge, Gauge; and UpDownCounters (running sums) exposed as gauges.</summary>
    Gauge,

    /// <summary>Running sum that may go down: UpDownCounter.</summary>
    UpDownSum,

    /// <summary>Distribution: Histogram.</summary>
    Histogram,
}
