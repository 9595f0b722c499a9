namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// An anytime-valid test that a rate exceeds <see cref="NullRate"/> (errors out of requests, or slow
/// requests out of requests), as two tests on the same seconds:
/// <list type="bullet">
/// <item>a mixture likelihood-ratio e-process on the totals since the evidence start (a mixture
/// SPRT, Robbins 1970): P(it ever reaches 1/α_c | rate ≤ p0) ≤ α_c by Ville's inequality. It is the
/// fast test for a change present from the start and needs nothing but the two totals;</item>
/// <item>a change detector: one CUSUM per alternative of the same grid, alarming on the largest
/// weighted one against a <see cref="SpendingSchedule"/> threshold, so P(any false alarm, however
/// long the period) ≤ α_d. It catches a change that begins after hours of healthy evidence, which
/// the cumulative test would take as long again to notice.</item>
/// </list>
/// The rule's false-alarm probability over an unbounded period is at most α_c + α_d, under the model
/// that each trial is an event independently with probability at most p0 (the probability may vary
/// from second to second; the number of trials in a second may be anything decided before its
/// outcomes). Immutable but for a memo of the last bounds asked (a bound is a bisection, and a
/// feature without new requests asks the same one every second); the evidence lives in the caller's
/// <see cref="BernoulliEvidence"/>. Thread-safe.
/// </summary>
internal sealed class BernoulliRule
{
    private Bound? _lastLower;
    private Bound? _lastUpper;

    public BernoulliRule(double nullRate, double cumulativeAlpha, double detectorAlpha, long firstEpoch = SpendingSchedule.DefaultFirstEpoch)
    {
        if (!(cumulativeAlpha > 0 && cumulativeAlpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(cumulativeAlpha), cumulativeAlpha, "α must be strictly between 0 and 1.");
        }

        Grid = new AlternativeGrid(nullRate);
        CumulativeAlpha = cumulativeAlpha;
        LogCumulativeThreshold = -Math.Log(cumulativeAlpha);
        Detector = new SpendingSchedule(detectorAlpha, firstEpoch);
    }

    public AlternativeGrid Grid { get; }

    /// <summary>p0: the rule is breached when the true rate is above it.</summary>
    public double NullRate => Grid.NullRate;

    public double CumulativeAlpha { get; }

    /// <summary>ln(1/α_c).</summary>
    public double LogCumulativeThreshold { get; }

    public SpendingSchedule Detector { get; }

    /// <summary>
    /// Adds one second (<paramref name="events"/> out of <paramref name="trials"/>) and says which tests
    /// are now at or beyond their thresholds. O(1) amortised (the cumulative test's cached events-needed
    /// is recomputed, by a search, only when the events reach it), no allocation; a second without
    /// trials changes nothing.
    /// </summary>
    public Crossing Observe(ref BernoulliEvidence evidence, long events, long trials)
    {
        Update(ref evidence, events, trials);
        if (trials == 0)
        {
            return evidence.Crossed;
        }

        var before = evidence.Crossed;

        // Without events every statistic falls and no threshold falls: nothing new can cross.
        var now = events > 0 || before != Crossing.None ? Check(ref evidence) : Crossing.None;
        evidence.Crossed = now;
        return now;
    }

    /// <summary>Adds one second without checking the thresholds (follow with <see cref="Check"/> when the answer is needed).</summary>
    public void Update(ref BernoulliEvidence evidence, long events, long trials)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, events);
        if (trials > 0)
        {
            evidence.Add(Grid, events, trials);
        }
    }

    /// <summary>Which tests the evidence has at or beyond their thresholds now (and remembers it in <see cref="BernoulliEvidence.Crossed"/>).</summary>
    public Crossing Check(ref BernoulliEvidence evidence)
    {
        var now = Crossing.None;
        if (evidence.Events >= evidence.EventsNeeded)
        {
            if (Grid.MixtureReaches(evidence.Events, evidence.Trials, LogCumulativeThreshold))
            {
                now |= Crossing.Cumulative;
            }
            else
            {
                evidence.EventsNeeded = EventsNeeded(evidence.Events, evidence.Trials);
            }
        }

        if (!evidence.AtRest && evidence.DetectorStatistic >= Detector.LogThreshold(evidence.Seconds))
        {
            now |= Crossing.Detector;
        }

        evidence.Crossed = now;
        return now;
    }

    /// <summary>
    /// The fewest events with which <paramref name="trials"/> trials reach the cumulative threshold
    /// (trials + 1 when none do), given that <paramref name="events"/> do not: the mixture increases in
    /// events, so exponential then binary search.
    /// </summary>
    public long EventsNeeded(long events, long trials)
    {
        if (!Grid.MixtureReaches(trials, trials, LogCumulativeThreshold))
        {
            return trials + 1;
        }

        // reaches(high), not reaches(low)
        var low = events;
        var high = trials;
        for (var step = 1L; events + step < high; step *= 2)
        {
            if (Grid.MixtureReaches(events + step, trials, LogCumulativeThreshold))
            {
                high = events + step;
                break;
            }

            low = events + step;
        }

        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (Grid.MixtureReaches(middle, trials, LogCumulativeThreshold))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;
    }

    /// <summary>The rule's view of the evidence, for status, events and tests.</summary>
    public BernoulliReading Read(in BernoulliEvidence evidence) => new(
        evidence.Events,
        evidence.Trials,
        evidence.Trials == 0 ? 0 : (double)evidence.Events / evidence.Trials,
        Grid.LogMixture(evidence.Events, evidence.Trials),
        LogCumulativeThreshold,
        evidence.DetectorStatistic,
        Detector.LogThreshold(Math.Max(evidence.Seconds, 1)),
        LowerConfidenceBound(evidence.Events, evidence.Trials),
        UpperConfidenceBound(evidence.Events, evidence.Trials, CumulativeAlpha),
        evidence.Crossed);

    /// <summary>
    /// The anytime-valid lower confidence bound of the rate that matches the cumulative test: the
    /// smallest p′ that the same mixture (the same odds ratios, taken relative to p′) does not reject at
    /// α_c. It lies above <see cref="NullRate"/> exactly when the cumulative test has crossed, and over all
    /// seconds together it is below the true rate with probability at least 1 − α_c (a confidence
    /// sequence). Costs a root search (about 6 × 12 logarithms), memoised for the last evidence asked.
    /// </summary>
    public double LowerConfidenceBound(long events, long trials)
    {
        if (Volatile.Read(ref _lastLower) is { } last && last.Events == events && last.Trials == trials)
        {
            return last.Value;
        }

        var value = SearchLowerBound(events, trials);
        Volatile.Write(ref _lastLower, new Bound(events, trials, 0, value));
        return value;
    }

    private double SearchLowerBound(long events, long trials)
    {
        if (events == 0 || LogMixtureAt(1e-300, events, trials) < LogCumulativeThreshold)
        {
            return 0;
        }

        // Rejected at 0, not at 1 (the mixture's ratios are at most 1 there): the largest rejected rate.
        return Boundary(kept: 1, rejected: 0, events, trials, sign: 1, LogCumulativeThreshold);
    }

    /// <summary>
    /// The anytime-valid upper confidence bound of the rate, the mirror of <see cref="LowerConfidenceBound"/>:
    /// the largest p′ that the mixture over odds ratios below 1 (the same magnitudes, inverted) does not
    /// reject at <paramref name="alpha"/>. Over all seconds together it is above the true rate with
    /// probability at least 1 − α, so "at most the threshold" is a healthy verdict that repeated looks
    /// do not inflate. Memoised for the last evidence asked.
    /// </summary>
    public double UpperConfidenceBound(long events, long trials, double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be strictly between 0 and 1.");
        }

        if (Volatile.Read(ref _lastUpper) is { } last && last.Events == events && last.Trials == trials && last.Alpha == alpha)
        {
            return last.Value;
        }

        var value = SearchUpperBound(events, trials, alpha);
        Volatile.Write(ref _lastUpper, new Bound(events, trials, alpha, value));
        return value;
    }

    private double SearchUpperBound(long events, long trials, double alpha)
    {
        var threshold = -Math.Log(alpha);
        if (trials == 0 || events == trials || LogMixtureAt(1 - 1e-15, events, trials, sign: -1) < threshold)
        {
            return 1;
        }

        // Not rejected at the observed rate (no ratio exceeds 1 there), rejected near 1: the smallest rejected rate.
        return Boundary(kept: (double)events / trials, rejected: 1 - 1e-15, events, trials, sign: -1, threshold);
    }

    /// <summary>
    /// Where the mixture crosses <paramref name="threshold"/> between <paramref name="kept"/> (not
    /// rejected) and <paramref name="rejected"/>, to 1e-12 of the rate. Newton's method on the
    /// mixture's analytic slope, kept inside the bracket (a step that would leave it bisects instead):
    /// about 6 evaluations where bisection took 40 (the guard asks two bounds per feature and second).
    /// </summary>
    private double Boundary(double kept, double rejected, long events, long trials, int sign, double threshold)
    {
        // Start near where a normal approximation puts the bound, inside the bracket.
        var rate = (double)events / trials;
        var spread = Math.Sqrt(2 * threshold * (rate + (1.0 / trials)) / trials);
        var x = Math.Clamp(kept < rejected ? rate + spread : rate - spread, Math.Min(kept, rejected), Math.Max(kept, rejected));
        if (x <= Math.Min(kept, rejected) || x >= Math.Max(kept, rejected))
        {
            x = (kept + rejected) / 2;
        }

        for (var iteration = 0; iteration < 200; iteration++)
        {
            var g = LogMixtureAt(x, events, trials, sign, out var slope) - threshold;
            if (g >= 0)
            {
                rejected = x;
            }
            else
            {
                kept = x;
            }

            var (low, high) = (Math.Min(kept, rejected), Math.Max(kept, rejected));
            if (high - low <= 1e-12 * high)
            {
                return rejected;
            }

            var next = x - (g / slope);
            if (Math.Abs(next - x) <= 1e-13 * Math.Max(x, 1e-300))
            {
                return next; // converged: the crossing to within 1e-13
            }

            x = next > low && next < high ? next : (low + high) / 2;
        }

        return rejected;
    }

    /// <summary>ln Σ w_i Λ_i against null rate <paramref name="rate"/> for odds ratios e^(±η_i).</summary>
    private double LogMixtureAt(double rate, long events, long trials, int sign = 1) => LogMixtureAt(rate, events, trials, sign, out _);

    /// <summary>As above, with its derivative in <paramref name="rate"/> (the terms' slopes weighted as the terms).</summary>
    private double LogMixtureAt(double rate, long events, long trials, int sign, out double slope)
    {
        Span<double> terms = stackalloc double[AlternativeGrid.Size];
        Span<double> slopes = stackalloc double[AlternativeGrid.Size];
        var max = double.NegativeInfinity;
        for (var i = 0; i < AlternativeGrid.Size; i++)
        {
            var eta = sign * Grid.EventWeight(i);
            var change = double.ExpM1(eta);
            terms[i] = AlternativeGrid.LogWeight + (events * eta) - (trials * Math.Log(1 + (rate * change)));
            slopes[i] = -trials * change / (1 + (rate * change));
            max = Math.Max(max, terms[i]);
        }

        double sum = 0, weighted = 0;
        for (var i = 0; i < terms.Length; i++)
        {
            var w = Math.Exp(terms[i] - max);
            sum += w;
            weighted += w * slopes[i];
        }

        slope = weighted / sum;
        return max + Math.Log(sum);
    }

    private sealed record Bound(long Events, long Trials, double Alpha, double Value);
}
