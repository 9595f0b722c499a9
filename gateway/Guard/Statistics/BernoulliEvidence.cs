using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// What one Bernoulli rule knows about one backend since its evidence start: the totals (for the
/// cumulative mixture test) and one CUSUM per alternative (for the change detector). A plain value:
/// copying it copies the evidence, <c>default</c> is a fresh start, and its contents can be read and
/// restored (<see cref="Restore"/>), e.g. to hand the evidence to another replica. Updated in O(1)
/// without allocation by <see cref="BernoulliRule"/>.
/// </summary>
internal struct BernoulliEvidence
{
    private static readonly double LeastStatistic = AlternativeGrid.LogWeight;

    private GridValues _cusum;
    private bool _active;
    private double _statistic;

    /// <summary>Events (errors, or slow requests) since the evidence start.</summary>
    public long Events { get; private set; }

    /// <summary>Trials (requests) since the evidence start.</summary>
    public long Trials { get; private set; }

    /// <summary>Seconds with at least one trial: the change detector's candidate change points.</summary>
    public long Seconds { get; private set; }

    /// <summary>
    /// True while every CUSUM is at or below 0: the detector holds no evidence of a change, and the
    /// next second with events starts every CUSUM afresh. The CUSUM values are not maintained while
    /// at rest (they are all ≤ 0, and only their positive part matters).
    /// </summary>
    public readonly bool AtRest => !_active;

    /// <summary>
    /// The detector's statistic, max_i (max(CUSUM_i, 0) + ln w_i): at its least, max_i ln w_i, at rest.
    /// Only the positive parts matter against a positive threshold, and they keep it monotone in events.
    /// </summary>
    public double DetectorStatistic { readonly get => _active ? _statistic : LeastStatistic; private set => _statistic = value; }

    /// <summary>
    /// A cache, not evidence: the cumulative test cannot cross while <see cref="Events"/> is below this
    /// (the mixture grows with events and shrinks with trials, so the events it needs never fall).
    /// 0 means unknown.
    /// </summary>
    public long EventsNeeded { get; internal set; }

    /// <summary>What the last check found crossed.</summary>
    public Crossing Crossed { get; internal set; }

    /// <summary>The CUSUM of alternative i: the largest log likelihood ratio of any final run of seconds (≤ 0 at rest).</summary>
    public readonly double Cusum(int i) => _cusum[i];

    /// <summary>Evidence with the given contents (the inverse of reading the properties and <see cref="Cusum"/>).</summary>
    public static BernoulliEvidence Restore(AlternativeGrid grid, long events, long trials, long seconds, ReadOnlySpan<double> cusum, Crossing crossed)
    {
        if (cusum.Length != AlternativeGrid.Size)
        {
            throw new ArgumentException($"Expected {AlternativeGrid.Size} CUSUM values.", nameof(cusum));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, events);
        var evidence = new BernoulliEvidence { Events = events, Trials = trials, Seconds = seconds, Crossed = crossed };
        var max = double.NegativeInfinity;
        for (var i = 0; i < AlternativeGrid.Size; i++)
        {
            evidence._cusum[i] = cusum[i];
            evidence._active |= cusum[i] > 0;
            max = Math.Max(max, Math.Max(cusum[i], 0) + AlternativeGrid.LogWeight);
        }

        evidence.DetectorStatistic = max;
        return evidence;
    }

    /// <summary>Adds one second with trials.</summary>
    internal void Add(AlternativeGrid grid, long events, long trials)
    {
        Events += events;
        Trials += trials;
        Seconds++;
        if (events == 0 && !_active)
        {
            return; // every CUSUM was ≤ 0 and a second without events only lowers it
        }

        // Every CUSUM: W ← max(W, 0) + k·η − n·d (each second is also a candidate change point);
        // four alternatives at a time where the hardware allows.
        Span<double> cusum = _cusum;
        var eta = grid.EventWeights;
        var d = grid.TrialWeights;
        double k = events, n = trials;
        bool active;
        double max;
        if (Vector256.IsHardwareAccelerated && AlternativeGrid.Size % Vector256<double>.Count == 0)
        {
            ref var w = ref MemoryMarshal.GetReference(cusum);
            ref var e = ref MemoryMarshal.GetReference(eta);
            ref var t = ref MemoryMarshal.GetReference(d);
            var vk = Vector256.Create(k);
            var vn = Vector256.Create(n);
            var positive = Vector256<double>.Zero;
            for (nuint i = 0; i < AlternativeGrid.Size; i += (nuint)Vector256<double>.Count)
            {
                var previous = _active ? Vector256.Max(Vector256.LoadUnsafe(ref w, i), Vector256<double>.Zero) : Vector256<double>.Zero;
                var next = previous + (vk * Vector256.LoadUnsafe(ref e, i)) - (vn * Vector256.LoadUnsafe(ref t, i));
                next.StoreUnsafe(ref w, i);
                positive = Vector256.Max(positive, next);
            }

            max = Math.Max(Math.Max(positive[0], positive[1]), Math.Max(positive[2], positive[3]));
            active = max > 0;
        }
        else
        {
            max = 0;
            for (var i = 0; i < AlternativeGrid.Size; i++)
            {
                var previous = _active ? Math.Max(cusum[i], 0) : 0;
                var next = previous + (k * eta[i]) - (n * d[i]);
                cusum[i] = next;
                max = Math.Max(max, next);
            }

            active = max > 0;
        }

        max += AlternativeGrid.LogWeight;
        _active = active;
        DetectorStatistic = max;
    }
}
