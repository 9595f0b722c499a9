namespace Strangler.Metrics;

/// <summary>
/// One time series of an instrument: its tag set and its aggregate. Recording is lock-free:
/// counters and sums with Interlocked, histogram buckets with Interlocked increments.
/// </summary>
internal sealed class MetricSeries
{
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly double[]? _bounds;
    private readonly long[]? _buckets;
    private long _count;
    private long _sumBits;
    private long _lastBits;

    public MetricSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags, double[]? histogramBounds)
    {
        _tags = tags.ToArray();
        Array.Sort(_tags, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        _bounds = histogramBounds;
        _buckets = histogramBounds is null ? null : new long[histogramBounds.Length + 1];
    }

    /// <summary>Tags sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Tags => _tags;

    public long Count => Volatile.Read(ref _count);

    public double Sum => BitConverter.Int64BitsToDouble(Volatile.Read(ref _sumBits));

    /// <summary>The last value set (gauges and observable instruments).</summary>
    public double Last => BitConverter.Int64BitsToDouble(Volatile.Read(ref _lastBits));

    /// <summary>Cumulative bucket counts (same length as the bounds, plus +Inf last).</summary>
    public long[] CumulativeBuckets()
    {
        var result = new long[_buckets!.Length];
        long running = 0;
        for (var i = 0; i < result.Length; i++)
        {
            running += Volatile.Read(ref _buckets[i]);
            result[i] = running;
        }

        return result;
    }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            var found = false;
            foreach (var own in _tags)
            {
                if (ReferenceEquals(own.Key, tag.Key) || own.Key == tag.Key)
                {
                    found = ReferenceEquals(own.Value, tag.Value) || Equals(own.Value, tag.Value);
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    public void Add(double value)
    {
        Interlocked.Increment(ref _count);
        AddTo(ref _sumBits, value);
        if (_bounds is null)
        {
            return;
        }

        var index = Array.BinarySearch(_bounds, value);
        Interlocked.Increment(ref _buckets![index >= 0 ? index : ~index]);
    }

    public void Set(double value) => Volatile.Write(ref _lastBits, BitConverter.DoubleToInt64Bits(value));

    private static void AddTo(ref long bits, double value)
    {
        long initial, computed;
        do
        {
            initial = Volatile.Read(ref bits);
            computed = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(initial) + value);
        }
        while (Interlocked.CompareExchange(ref bits, computed, initial) != initial);
    }
}
