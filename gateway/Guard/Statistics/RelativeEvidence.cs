namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// What the relative rule knows since its evidence start: v4 and v3 totals and the cumulative log
/// e-value; decayed recent counts, the CUSUM and the number of betting seconds for its change
/// detector. A plain value (copy = evidence, <c>default</c> = fresh start), updated in O(1) by
/// <see cref="RelativeRule.Observe"/>.
/// </summary>
internal struct RelativeEvidence
{
    public long V4Errors { get; internal set; }

    public long V4Requests { get; internal set; }

    public long V3Errors { get; internal set; }

    public long V3Requests { get; internal set; }

    /// <summary>ln of the cumulative e-value (a product of per-second e-values).</summary>
    public double LogEValue { get; internal set; }

    /// <summary>Exponentially decayed v4 errors, for the detector's estimate of v4's current rate.</summary>
    public double RecentV4Errors { get; internal set; }

    public double RecentV4Requests { get; internal set; }

    public double RecentV3Errors { get; internal set; }

    public double RecentV3Requests { get; internal set; }

    /// <summary>The detector's CUSUM of per-second log e-values.</summary>
    public double Cusum { get; internal set; }

    /// <summary>Seconds in which the detector bet: its candidate change points.</summary>
    public long Bets { get; internal set; }

    public Crossing Crossed { get; internal set; }

    /// <summary>Observed v4 rate minus observed v3 rate since the evidence start.</summary>
    public readonly double ObservedDifference =>
        (V4Requests == 0 ? 0 : (double)V4Errors / V4Requests) - (V3Requests == 0 ? 0 : (double)V3Errors / V3Requests);
}
