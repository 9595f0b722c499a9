using System.Collections.Concurrent;

namespace Strangler.Gateway.Dashboard;

/// <summary>
/// The last <see cref="Capacity"/> samples per observed feature and of the unrouted traffic (15
/// minutes at the default 5-second interval).
/// </summary>
internal sealed class SeriesStore
{
    public const int Capacity = 180;

    private readonly ConcurrentDictionary<string, Queue<SeriesPoint>> _series = new(StringComparer.Ordinal);

    public void Add(string feature, SeriesPoint point)
    {
        var queue = _series.GetOrAdd(feature, _ => new Queue<SeriesPoint>(Capacity));
        lock (queue)
        {
            if (queue.Count == Capacity)
            {
                queue.Dequeue();
            }

            queue.Enqueue(point);
        }
    }

    public IReadOnlyList<SeriesPoint> For(string feature)
    {
        if (!_series.TryGetValue(feature, out var queue))
        {
            return [];
        }

        lock (queue)
        {
            return [.. queue];
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
}
