using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Strangler.Metrics;

/// <summary>
/// Collects measurements of the named meters through a <see cref="MeterListener"/> and writes them
/// in the Prometheus text exposition format (0.0.4). Recording takes no lock and allocates nothing
/// once a series exists; observable instruments are sampled at scrape time. Output is sorted, so
/// it is deterministic.
/// </summary>
public sealed class PrometheusCollector : IDisposable
{
    /// <summary>Histogram buckets (seconds) used when an instrument gives none.</summary>
    public static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Func<Instrument, bool> _include;
    private readonly Lock _scrapeLock = new();
    private readonly ProcessMetrics _process = new();

    /// <summary>Collects every meter with one of the given names, in this process.</summary>
    public PrometheusCollector(IEnumerable<string> meterNames)
        : this(new HashSet<string>(meterNames, StringComparer.Ordinal).Contains)
    {
    }

    /// <summary>
    /// Collects exactly the given meter instances, even when other instances with the same name
    /// exist in the process (several hosts in one process, as in tests).
    /// </summary>
    public PrometheusCollector(params Meter[] meters)
        : this(meters.ToHashSet().Contains)
    {
    }

    private PrometheusCollector(Func<string, bool> includeMeterName)
        : this(instrument => includeMeterName(instrument.Meter.Name))
    {
    }

    private PrometheusCollector(Func<Meter, bool> includeMeter)
        : this(instrument => includeMeter(instrument.Meter))
    {
    }

    private PrometheusCollector(Func<Instrument, bool> include)
    {
        _include = include;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_include(instrument))
            {
                var state = new InstrumentState(instrument, KindOf(instrument), BoundsOf(instrument));
                _instruments[instrument] = state;
                listener.EnableMeasurementEvents(instrument, state);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, state) => Record(i, v, tags, state));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, state) => Record(i, v, tags, state));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, state) => Record(i, v, tags, state));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, state) => Record(i, v, tags, state));
        _listener.SetMeasurementEventCallback<decimal>((i, v, tags, state) => Record(i, (double)v, tags, state));
        _listener.Start();
    }

    /// <summary>Writes every series (and the process metrics) in the text format.</summary>
    public void Write(TextWriter output)
    {
        lock (_scrapeLock)
        {
            _listener.RecordObservableInstruments();
            // Instruments that map to the same name form one family (one HELP and TYPE line).
            var families = _instruments.Values
                .GroupBy(state => PrometheusNames.Metric(state.Instrument.Name, state.Instrument.Unit, state.Kind == MetricKind.Counter))
                .OrderBy(f => f.Key, StringComparer.Ordinal);
            foreach (var family in families)
            {
                WriteFamily(output, family.Key, [.. family]);
            }

            _process.Write(output);
        }
    }

    public string Scrape()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text);
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private static void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (state is not InstrumentState instrumentState)
        {
            return;
        }

        var series = instrumentState.For(tags);
        if (instrumentState.Kind == MetricKind.Gauge || (instrumentState.Kind == MetricKind.Counter && instrument.IsObservable) || (instrumentState.Kind == MetricKind.UpDownSum && instrument.IsObservable))
        {
            series.Set(value);
        }
        else
        {
            series.Add(value);
        }
    }

    private static void WriteFamily(TextWriter output, string name, IReadOnlyList<InstrumentState> states)
    {
        var state = states[0];
        var series = states.SelectMany(s => s.Series).OrderBy(s => Labels(s.Tags, null), StringComparer.Ordinal).ToArray();
        if (series.Length == 0)
        {
            return;
        }

        var type = state.Kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        };
        if (!string.IsNullOrEmpty(state.Instrument.Description))
        {
            output.Write($"# HELP {name} {PrometheusNames.EscapeHelp(state.Instrument.Description)}\n");
        }

        output.Write($"# TYPE {name} {type}\n");
        foreach (var s in series)
        {
            switch (state.Kind)
            {
                case MetricKind.Histogram:
                    var buckets = s.CumulativeBuckets();
                    for (var i = 0; i < buckets.Length; i++)
                    {
                        var le = i < state.Bounds!.Length ? Number(state.Bounds[i]) : "+Inf";
                        output.Write($"{name}_bucket{Labels(s.Tags, ("le", le))} {buckets[i].ToString(CultureInfo.InvariantCulture)}\n");
                    }

                    output.Write($"{name}_sum{Labels(s.Tags, null)} {Number(s.Sum)}\n");
                    output.Write($"{name}_count{Labels(s.Tags, null)} {s.Count.ToString(CultureInfo.InvariantCulture)}\n");
                    break;
                default:
                    var observable = state.Instrument.IsObservable || state.Kind == MetricKind.Gauge;
                    output.Write($"{name}{Labels(s.Tags, null)} {Number(observable ? s.Last : s.Sum)}\n");
                    break;
            }
        }
    }

    private static string Labels(IReadOnlyList<KeyValuePair<string, object?>> tags, (string Key, string Value)? extra)
    {
        if (tags.Count == 0 && extra is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder("{");
        var first = true;
        foreach (var tag in tags)
        {
            Append(PrometheusNames.Sanitize(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        if (extra is { } e)
        {
            Append(e.Key, e.Value);
        }

        return text.Append('}').ToString();

        void Append(string key, string value)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            text.Append(key).Append("=\"").Append(PrometheusNames.EscapeLabelValue(value)).Append('"');
        }
    }

    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static MetricKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>))
        {
            return MetricKind.Counter;
        }

        if (generic == typeof(Histogram<>))
        {
            return MetricKind.Histogram;
        }

        return generic == typeof(UpDownCounter<>) || generic == typeof(ObservableUpDownCounter<>) ? MetricKind.UpDownSum : MetricKind.Gauge;
    }

    private static double[]? BoundsOf(Instrument instrument)
    {
        if (KindOf(instrument) != MetricKind.Histogram)
        {
            return null;
        }

        var advice = instrument switch
        {
            Histogram<double> d => d.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<long> l => l.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        return advice is { Length: > 0 } ? [.. advice.Order()] : DefaultBounds;
    }
}
