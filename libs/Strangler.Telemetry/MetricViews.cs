using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Strangler.Telemetry;

/// <summary>
/// The one view of a pipeline. It drops instruments of meters another application's
/// <see cref="IMeterFactory"/> created (the SDK subscribes by meter name, process-wide), and
/// renames the runtime and process gauges whose names end in ".count", which Prometheus reserves
/// for histograms and summaries (promtool rejects them), and gives instruments with many series
/// their series limit.
/// </summary>
internal sealed class MetricViews(IMeterFactory ownFactory, IReadOnlyDictionary<string, int>? seriesLimits = null)
{
    /// <summary>The gauges of OpenTelemetry's runtime and process instrumentation, renamed.</summary>
    internal static readonly FrozenDictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dotnet.assembly.count"] = "dotnet.assemblies",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.timer.count"] = "dotnet.timers",
        ["process.thread.count"] = "process.threads",
        ["process.unix.file_descriptor.count"] = "process.open_fds",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public MetricStreamConfiguration? Configure(Instrument instrument)
    {
        if (instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, ownFactory))
        {
            return MetricStreamConfiguration.Drop;
        }

        if (Renamed.TryGetValue(instrument.Name, out var name))
        {
            return new MetricStreamConfiguration { Name = name };
        }

        return seriesLimits is not null && seriesLimits.TryGetValue(instrument.Name, out var limit)
            ? new MetricStreamConfiguration { CardinalityLimit = limit }
            : null;
    }
}
