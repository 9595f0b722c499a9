using System.Diagnostics;
using System.Globalization;

namespace Strangler.Metrics;

/// <summary>The usual process_* and dotnet_* series, read at scrape time without extra packages.</summary>
internal sealed class ProcessMetrics
{
    private static readonly DateTimeOffset Started = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public void Write(TextWriter output)
    {
        using var process = Process.GetCurrentProcess();
        Gauge(output, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", process.TotalProcessorTime.TotalSeconds);
        Gauge(output, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", process.WorkingSet64);
        Gauge(output, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", process.VirtualMemorySize64);
        Gauge(output, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", Started.ToUnixTimeMilliseconds() / 1000.0);
        if (OpenFileDescriptors() is { } open)
        {
            Gauge(output, "process_open_fds", "gauge", "Number of open file descriptors.", open);
        }

        if (MaxFileDescriptors() is { } max)
        {
            Gauge(output, "process_max_fds", "gauge", "Maximum number of open file descriptors.", max);
        }

        output.Write("# HELP dotnet_gc_collections_total Garbage collections since the process started, by generation.\n# TYPE dotnet_gc_collections_total counter\n");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            output.Write($"dotnet_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation).ToString(CultureInfo.InvariantCulture)}\n");
        }

        Gauge(output, "dotnet_gc_heap_size_bytes", "gauge", "Bytes of the managed heap in use.", GC.GetTotalMemory(forceFullCollection: false));
        Gauge(output, "dotnet_threadpool_threads", "gauge", "Thread pool threads.", ThreadPool.ThreadCount);
    }

    private static void Gauge(TextWriter output, string name, string type, string help, double value) =>
        output.Write($"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {PrometheusCollector.Number(value)}\n");

    private static int? OpenFileDescriptors()
    {
        try
        {
            return Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long? MaxFileDescriptors()
    {
        try
        {
            var line = File.Exists("/proc/self/limits") ? File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal)) : null;
            var soft = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
            return soft is not null && long.TryParse(soft, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
