namespace Strangler.Gateway.Outcomes;

/// <summary>
/// Totals of a window: attempts by outcome, client errors (4xx) and the latency histogram, with
/// error rate and latency quantiles, including confidence bounds. Immutable.
/// </summary>
internal sealed class WindowStats(long[] byKind, long clientErrors, long[] latency)
{
    public static WindowStats Empty { get; } = new(new long[OutcomeKinds.Count], 0, new long[LatencyBuckets.Count]);

    /// <summary>Attempts the backend is accountable for (client aborts excluded).</summary>
    public long Requests { get; } = byKind.Sum() - byKind[(int)OutcomeKind.ClientAbort];

    /// <summary>5xx responses and proxy errors.</summary>
    public long Errors { get; } = byKind.Where((_, kind) => ((OutcomeKind)kind).IsBackendError()).Sum();

    public long ClientErrors { get; } = clientErrors;

    public long Count(OutcomeKind kind) => byKind[(int)kind];

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public double P50Ms => QuantileMs(0.50);

    public double P95Ms => QuantileMs(0.95);

    public double P99Ms => QuantileMs(0.99);

    /// <summary>Estimated q-quantile of latency in milliseconds (linear within a bucket); 0 without data.</summary>
    public double QuantileMs(double q) => Requests == 0 ? 0 : ValueAtRank(q * Requests);

    private double ValueAtRank(double rank)
    {
        var seen = 0L;
        for (var i = 0; i < latency.Length; i++)
        {
            var inBucket = latency[i];
            if (inBucket == 0)
            {
                continue;
            }

            if (seen + inBucket >= rank)
            {
                var lower = LatencyBuckets.LowerBound(i);
                var upper = double.IsInfinity(LatencyBuckets.UpperBound(i)) ? lower * 1.19 : LatencyBuckets.UpperBound(i);
                var fraction = Math.Clamp((rank - seen) / inBucket, 0, 1);
                return (lower + ((upper - lower) * fraction)) / 1000.0;
            }

            seen += inBucket;
        }

        return LatencyBuckets.LowerBound(latency.Length - 1) / 1000.0;
    }
}
