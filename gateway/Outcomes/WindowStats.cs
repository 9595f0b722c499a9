namespace Strangler.Gateway.Outcomes;

/// <summary>
/// Totals of a window: attempts by outcome, client errors (4xx) and the latency histogram, with
/// error rate and latency quantiles. Immutable. The histogram is kept as its occupied buckets only:
/// the guard takes four of these per feature every second, and a full histogram each (104 counts)
/// made a rollout of 1,000 features allocate megabytes a second that lived just long enough to be
/// promoted.
/// </summary>
internal sealed class WindowStats
{
    private readonly long[] _byKind;
    private readonly int[] _buckets;
    private readonly long[] _counts;

    /// <param name="byKind">Attempts per <see cref="OutcomeKind"/> (copied).</param>
    /// <param name="latency">Attempts per <see cref="LatencyBuckets"/> bucket.</param>
    public WindowStats(ReadOnlySpan<long> byKind, long clientErrors, ReadOnlySpan<long> latency)
    {
        _byKind = byKind[..OutcomeKinds.Count].ToArray();
        ClientErrors = clientErrors;
        long requests = 0, errors = 0;
        for (var kind = 0; kind < _byKind.Length; kind++)
        {
            if ((OutcomeKind)kind != OutcomeKind.ClientAbort)
            {
                requests += _byKind[kind];
            }

            if (((OutcomeKind)kind).IsBackendError())
            {
                errors += _byKind[kind];
            }
        }

        Requests = requests;
        Errors = errors;
        var occupied = latency.Length - latency.Count(0L);
        _buckets = new int[occupied];
        _counts = new long[occupied];
        for (int i = 0, j = 0; i < latency.Length; i++)
        {
            if (latency[i] != 0)
            {
                _buckets[j] = i;
                _counts[j++] = latency[i];
            }
        }
    }

    public static WindowStats Empty { get; } = new(new long[OutcomeKinds.Count], 0, []);

    /// <summary>Attempts the backend is accountable for (client aborts excluded).</summary>
    public long Requests { get; }

    /// <summary>5xx responses and proxy errors.</summary>
    public long Errors { get; }

    public long ClientErrors { get; }

    public long Count(OutcomeKind kind) => _byKind[(int)kind];

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public double P50Ms => QuantileMs(0.50);

    public double P95Ms => QuantileMs(0.95);

    public double P99Ms => QuantileMs(0.99);

    /// <summary>Estimated q-quantile of latency in milliseconds (linear within a bucket); 0 without data.</summary>
    public double QuantileMs(double q) => Requests == 0 ? 0 : ValueAtRank(q * Requests);

    private double ValueAtRank(double rank)
    {
        var seen = 0L;
        for (var j = 0; j < _buckets.Length; j++)
        {
            var (bucket, inBucket) = (_buckets[j], _counts[j]);
            if (seen + inBucket >= rank)
            {
                var lower = LatencyBuckets.LowerBound(bucket);
                var upper = double.IsInfinity(LatencyBuckets.UpperBound(bucket)) ? lower * 1.19 : LatencyBuckets.UpperBound(bucket);
                var fraction = Math.Clamp((rank - seen) / inBucket, 0, 1);
                return (lower + ((upper - lower) * fraction)) / 1000.0;
            }

            seen += inBucket;
        }

        return LatencyBuckets.LowerBound(LatencyBuckets.Count - 1) / 1000.0;
    }
}
