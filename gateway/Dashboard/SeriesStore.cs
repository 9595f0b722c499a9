using System.Collections.Concurrent;

namespace Strangler.Gateway.Dashboard;

/// <summary>
/// The last <see cref="Capacity"/> samples per observed feature and of the unrouted traffic (15
/// minutes at the default 5-second interval). A sample whose thresholds equal the previous one's
/// shares its thresholds: they change only with the step, so a step's thresholds are kept once,
/// not in every sample.
/// </summary>
internal sealed class SeriesStore
{
    public const int Capacity = 180;

    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

    public void Add(string feature, SeriesPoint point)
    {
        var series = _series.GetOrAdd(feature, _ => new Series());
        lock (series)
        {
            var queue = series.Points;
            if (queue.Count == Capacity)
            {
                queue.Dequeue();
            }

            if (series.Last is { Thresholds: { } shared } && shared.Equals(point.Thresholds))
            {
                point = point with { Thresholds = shared };
            }

            queue.Enqueue(point);
            series.Last = point;
        }
    }

    public IReadOnlyList<SeriesPoint> For(string feature)
    {
        if (!_series.TryGetValue(feature, out var series))
        {
            return [];
        }

        lock (series)
        {
            return [.. series.Points];
        }
    }

    /// <summary>Drops the series of features no longer in force.</summary>
    public void Retain(IReadOnlySet<string> features)
    {
        foreach (var name in _series.Keys)
        {
            if (!features.Contains(name))
            {
                _series.TryRemove(name, out _);
            }
        }
    }

    private sealed class Series
    {
        public Queue<SeriesPoint> Points { get; } = new(Capacity);

        public SeriesPoint? Last { get; set; }
    }
}
