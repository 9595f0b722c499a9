using System.Runtime.CompilerServices;

namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// What the relative rule knows since its evidence start: v4 and v3 totals, the log e-value of each
/// of its alternatives and of their mixture (the cumulative test); decayed recent counts, one CUSUM per
/// alternative and the number of betting seconds for its change detector. A plain value (copy =
/// evidence, <c>default</c> = fresh start), updated in O(1) by <see cref="RelativeRule.Observe"/>.
/// </summary>
internal struct RelativeEvidence
{
    private RelativeValues _logEValues;
    private RelativeValues _cusums;
    private bool _detectorActive;
    private double _detectorStatistic;

    public long V4Errors { get; internal set; }

    public long V4Requests { get; internal set; }

    public long V3Errors { get; internal set; }

    public long V3Requests { get; internal set; }

    /// <summary>ln of the cumulative e-value: the weighted mean of the alternatives' e-processes (<see cref="RelativeRule.LogMixture"/>).</summary>
    public double LogEValue { get; internal set; }

    /// <summary>ln of the plug-in alternative's e-process (a product of per-second e-values).</summary>
    public double PlugInLogEValue { get; internal set; }

    /// <summary>Exponentially decayed v4 errors, for the detector's estimate of v4's current rate.</summary>
    public double RecentV4Errors { get; internal set; }

    public double RecentV4Requests { get; internal set; }

    public double RecentV3Errors { get; internal set; }

    public double RecentV3Requests { get; internal set; }

    /// <summary>The detector's CUSUM of the plug-in alternative's per-second log e-values.</summary>
    public double PlugInCusum { get; internal set; }

    /// <summary>Seconds in which the detector bet: its candidate change points.</summary>
    public long Bets { get; internal set; }

    /// <summary>
    /// True while every CUSUM of the detector is at or below 0: only their positive parts matter, and
    /// a second without v4 errors keeps them there, so such seconds change nothing.
    /// </summary>
    public bool DetectorAtRest
    {
        readonly get => !_detectorActive;
        internal set => _detectorActive = !value;
    }

    /// <summary>The detector's statistic, max over alternatives of max(CUSUM, 0) + ln w; at rest, the largest ln w.</summary>
    public double DetectorStatistic
    {
        readonly get => _detectorActive ? _detectorStatistic : RelativeRule.LeastDetectorStatistic;
        internal set => _detectorStatistic = value;
    }

    public Crossing Crossed { get; internal set; }

    /// <summary>Observed v4 rate minus observed v3 rate since the evidence start.</summary>
    public readonly double ObservedDifference =>
        (V4Requests == 0 ? 0 : (double)V4Errors / V4Requests) - (V3Requests == 0 ? 0 : (double)V3Errors / V3Requests);

    /// <summary>ln of fixed alternative k's e-process since the evidence start.</summary>
    public readonly double LogEValueOf(int k) => _logEValues[k];

    /// <summary>The detector's CUSUM of fixed alternative k (meaningful in its positive part only).</summary>
    public readonly double Cusum(int k) => _cusums[k];

    internal void SetLogEValue(int k, double value) => _logEValues[k] = value;

    internal void SetCusum(int k, double value) => _cusums[k] = value;

    /// <summary>One value per fixed alternative of the relative rule, inline (a struct holding it copies by value).</summary>
    [InlineArray(RelativeRule.Alternatives)]
    private struct RelativeValues
    {
        private double _element;
    }
}
