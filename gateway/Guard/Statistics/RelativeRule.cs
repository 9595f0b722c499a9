namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// An anytime-valid test that v4's error rate exceeds v3's by more than a margin δ over the same
/// seconds, H0: p4 ≤ p3 + δ with p3 unknown, from per-second e-values (<see cref="RelativeProjection"/>).
/// Each e-value bets on a predictable alternative (θ4, θ3): θ3 is v3's rate estimated from earlier
/// seconds (shrunk towards <see cref="PriorRate"/> by <see cref="PriorRequests"/> pseudo-requests), and θ4 is
/// <list type="bullet">
/// <item>θ3 + δ + Δ_k for each of the <see cref="Alternatives"/> fixed excesses Δ_k (<see cref="Excess"/>:
/// 1.25, 5 and 20 points; a second in which θ3 + δ + Δ_k ≥ 1 is not bet on), or</item>
/// <item>a plug-in: v4's rate from earlier seconds, shrunk towards θ3 by <see cref="PriorRequests"/>
/// pseudo-requests, bet on only in seconds in which it lies above θ3 + δ (otherwise the e-value is 1).</item>
/// </list>
/// Two tests are made of these four alternatives, with weights w summing to 1: the plug-in 1/4
/// (<see cref="LogPlugInWeight"/>), the fixed excesses the rest in proportion to Δ_k^(−1/2)
/// (<see cref="LogWeight"/>: 3/7, 3/14, 3/28). A mixture is within ln(1/w) of each of its
/// alternatives; larger excesses gather evidence faster (per request about as Δ² while Δ is
/// small), so the nats their smaller weight costs them cost less time, and the small excesses,
/// which need minutes, get more. The plug-in covers the excesses between and beyond the grid.
/// <list type="bullet">
/// <item>cumulative: Σ_k w_k E_k, the weighted mean of the four e-processes since the evidence start
/// (θ3 and the plug-in from the totals). Each E_k is a product of per-second e-values, so a
/// nonnegative supermartingale under any path of rates within H0, and so is their mean (weights sum
/// to 1, start 1): by Ville's inequality P(it ever reaches 1/α_c) ≤ α_c. From the first second it
/// bets near the right excess, where the plug-in alone starts at θ3 (its shrinkage) and bets weakly
/// for the first seconds; it is never below w_k E_k for any k, so a v4 that shows fewer errors than
/// its true rate is judged by the excess it shows. A fixed excess whose log e-value falls below
/// <see cref="NegligibleLogEValue"/> stops betting (from then on its factors are 1, still a
/// supermartingale) and is left out of the mean (dropping a nonnegative term only lowers it): under
/// H0 every fixed excess gets there within minutes, and then costs nothing.</item>
/// <item>detector: a CUSUM per alternative on recent evidence (θ3 and the plug-in from counts decayed
/// with a memory of <see cref="Memory"/> v4 requests), alarming when max_k (max(CUSUM_k, 0) + ln w_k)
/// reaches the <see cref="SpendingSchedule"/> threshold for the seconds in which it bet so far (with
/// the fixed excesses, every second with traffic from both, unless θ3 + δ + 1.25 points ≥ 1). That
/// maximum is at most ln R_t with R_t = Σ_j Σ_k w_k Λ_k(j..t) (Λ_k(j..t) the product of alternative k's
/// e-values from second j on), the Shiryaev–Roberts statistic whose new candidate j = t has
/// expectation at most Σ_k w_k = 1 given the past: the schedule's bound. A second without v4 errors
/// cannot raise a CUSUM that is at most 0 (<see cref="RelativeProjection"/>), so while every CUSUM is
/// there such seconds are skipped without changing anything (at rest), and any CUSUM at or below 0
/// is not recomputed through them. Per alternative, a change is bet on at its own excess from the
/// second it begins, where the plug-in alone waited for the decayed estimate to rise.</item>
/// </list>
/// Any predictable alternative keeps the guarantee. A second without v4 or without v3 requests says
/// nothing. P(false alarm ever) ≤ α_c + α_d for every path of rates within H0.
/// </summary>
internal sealed class RelativeRule
{
    /// <summary>Fixed excesses Δ_k over v3 + δ.</summary>
    public const int Alternatives = 3;

    /// <summary>Below this log e-value a fixed excess of the cumulative test stops betting: it would need e^40 to matter again.</summary>
    public const double NegligibleLogEValue = -40;

    private const double SmallestExcess = 0.0125;

    private const double ExcessRatio = 4;

    private static readonly double[] Excesses = [.. Enumerable.Range(0, Alternatives).Select(k => SmallestExcess * Math.Pow(ExcessRatio, k))];

    private static readonly double[] LogWeights = FixedLogWeights();

    public RelativeRule(double margin, double cumulativeAlpha, double detectorAlpha, double memory = 500, double priorRequests = 10, double priorRate = 0.01, long firstEpoch = SpendingSchedule.DefaultFirstEpoch)
    {
        if (!(margin >= 0 && margin < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin is a difference of rates: at least 0, below 1.");
        }

        if (!(cumulativeAlpha > 0 && cumulativeAlpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(cumulativeAlpha), cumulativeAlpha, "α must be strictly between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorRequests);
        if (!(priorRate > 0 && priorRate < 1 - margin))
        {
            throw new ArgumentOutOfRangeException(nameof(priorRate), priorRate, "The prior rate must be above 0 and below 1 − margin.");
        }

        Margin = margin;
        CumulativeAlpha = cumulativeAlpha;
        LogCumulativeThreshold = -Math.Log(cumulativeAlpha);
        Detector = new SpendingSchedule(detectorAlpha, firstEpoch);
        Memory = memory;
        PriorRequests = priorRequests;
        PriorRate = priorRate;
    }

    /// <summary>δ as a rate (1 percentage point = 0.01).</summary>
    public double Margin { get; }

    public double CumulativeAlpha { get; }

    public double LogCumulativeThreshold { get; }

    public SpendingSchedule Detector { get; }

    /// <summary>The detector's estimates forget with a time constant of this many v4 requests.</summary>
    public double Memory { get; }

    /// <summary>Pseudo-requests shrinking each estimate: v3's towards <see cref="PriorRate"/>, v4's towards v3's.</summary>
    public double PriorRequests { get; }

    public double PriorRate { get; }

    /// <summary>ln of the plug-in's weight, 1/(<see cref="Alternatives"/> + 1).</summary>
    public static double LogPlugInWeight { get; } = -Math.Log(Alternatives + 1.0);

    /// <summary>The detector's statistic at rest: the largest ln w.</summary>
    public static double LeastDetectorStatistic { get; } = Math.Max(LogPlugInWeight, LogWeights.Max());

    /// <summary>Δ_k, the excess over θ3 + δ that fixed alternative k bets on.</summary>
    public static double Excess(int k) => Excesses[k];

    /// <summary>ln w_k of fixed alternative k.</summary>
    public static double LogWeight(int k) => LogWeights[k];

    /// <summary>Adds one second of both backends' counts; O(1), no allocation.</summary>
    public Crossing Observe(ref RelativeEvidence evidence, long v4Errors, long v4Requests, long v3Errors, long v3Requests)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(v4Errors);
        ArgumentOutOfRangeException.ThrowIfLessThan(v4Requests, v4Errors);
        ArgumentOutOfRangeException.ThrowIfNegative(v3Errors);
        ArgumentOutOfRangeException.ThrowIfLessThan(v3Requests, v3Errors);
        if (v4Requests > 0 && v3Requests > 0)
        {
            BetCumulative(ref evidence, v4Errors, v4Requests, v3Errors, v3Requests);
            BetDetector(ref evidence, v4Errors, v4Requests, v3Errors, v3Requests);
        }

        evidence.V4Errors += v4Errors;
        evidence.V4Requests += v4Requests;
        evidence.V3Errors += v3Errors;
        evidence.V3Requests += v3Requests;
        var decay = Math.Exp(-v4Requests / Memory); // once a second per feature: not worth a table per rule
        evidence.RecentV4Errors = (evidence.RecentV4Errors * decay) + v4Errors;
        evidence.RecentV4Requests = (evidence.RecentV4Requests * decay) + v4Requests;
        evidence.RecentV3Errors = (evidence.RecentV3Errors * decay) + v3Errors;
        evidence.RecentV3Requests = (evidence.RecentV3Requests * decay) + v3Requests;

        var crossed = Crossing.None;
        if (evidence.LogEValue >= LogCumulativeThreshold)
        {
            crossed |= Crossing.Cumulative;
        }

        if (evidence.Bets > 0 && evidence.DetectorStatistic >= Detector.LogThreshold(evidence.Bets))
        {
            crossed |= Crossing.Detector;
        }

        evidence.Crossed = crossed;
        return crossed;
    }

    /// <summary>ln Σ w_k E_k over the plug-in and the fixed excesses still betting (the others are left out).</summary>
    public static double LogMixture(in RelativeEvidence evidence)
    {
        var max = LogPlugInWeight + evidence.PlugInLogEValue;
        for (var k = 0; k < Alternatives; k++)
        {
            if (evidence.LogEValueOf(k) >= NegligibleLogEValue)
            {
                max = Math.Max(max, LogWeights[k] + evidence.LogEValueOf(k));
            }
        }

        var sum = Math.Exp(LogPlugInWeight + evidence.PlugInLogEValue - max);
        for (var k = 0; k < Alternatives; k++)
        {
            if (evidence.LogEValueOf(k) >= NegligibleLogEValue)
            {
                sum += Math.Exp(LogWeights[k] + evidence.LogEValueOf(k) - max);
            }
        }

        return max + Math.Log(sum);
    }

    private void BetCumulative(ref RelativeEvidence evidence, long k4, long n4, long k3, long n3)
    {
        var theta3 = (evidence.V3Errors + (PriorRequests * PriorRate)) / (evidence.V3Requests + PriorRequests);
        var theta4 = (evidence.V4Errors + (PriorRequests * theta3)) / (evidence.V4Requests + PriorRequests);
        var changed = false;
        if (theta4 > theta3 + Margin)
        {
            evidence.PlugInLogEValue += RelativeProjection.LogEValue(k4, n4, k3, n3, theta4, theta3, Margin);
            changed = true;
        }

        for (var k = 0; k < Alternatives; k++)
        {
            var alternative = theta3 + Margin + Excesses[k];
            if (alternative < 1 && evidence.LogEValueOf(k) >= NegligibleLogEValue)
            {
                evidence.SetLogEValue(k, evidence.LogEValueOf(k) + RelativeProjection.LogEValue(k4, n4, k3, n3, alternative, theta3, Margin));
                changed = true;
            }
        }

        if (changed)
        {
            evidence.LogEValue = LogMixture(evidence);
        }
    }

    private void BetDetector(ref RelativeEvidence evidence, long k4, long n4, long k3, long n3)
    {
        var theta3 = (evidence.RecentV3Errors + (PriorRequests * PriorRate)) / (evidence.RecentV3Requests + PriorRequests);
        var theta4 = (evidence.RecentV4Errors + (PriorRequests * theta3)) / (evidence.RecentV4Requests + PriorRequests);
        var plugIn = theta4 > theta3 + Margin;

        // The smallest excess is the last to reach 1, so it decides whether any fixed alternative bets.
        var anyFixed = theta3 + Margin + Excesses[0] < 1;
        if (!plugIn && !anyFixed)
        {
            return;
        }

        evidence.Bets++;
        if (k4 == 0 && evidence.DetectorAtRest)
        {
            return; // every CUSUM is ≤ 0 and no factor of this second exceeds 1
        }

        // A CUSUM at or below 0 stays there through a second without v4 errors: not computed then.
        var active = false;
        var statistic = LeastDetectorStatistic;
        if (plugIn && (k4 > 0 || evidence.PlugInCusum > 0))
        {
            evidence.PlugInCusum = Math.Max(evidence.PlugInCusum, 0) + RelativeProjection.LogEValue(k4, n4, k3, n3, theta4, theta3, Margin);
        }

        if (evidence.PlugInCusum > 0)
        {
            active = true;
            statistic = Math.Max(statistic, LogPlugInWeight + evidence.PlugInCusum);
        }

        for (var k = 0; k < Alternatives; k++)
        {
            var alternative = theta3 + Margin + Excesses[k];
            var cusum = evidence.Cusum(k);
            if (alternative < 1 && (k4 > 0 || cusum > 0))
            {
                cusum = Math.Max(cusum, 0) + RelativeProjection.LogEValue(k4, n4, k3, n3, alternative, theta3, Margin);
                evidence.SetCusum(k, cusum);
            }

            if (cusum > 0)
            {
                active = true;
                statistic = Math.Max(statistic, LogWeights[k] + cusum);
            }
        }

        evidence.DetectorAtRest = !active;
        evidence.DetectorStatistic = statistic;
    }

    /// <summary>The fixed excesses' share of the weight, 3/4 (the plug-in has the rest), in proportion to Δ_k^(−1/2).</summary>
    private static double[] FixedLogWeights()
    {
        var shares = Excesses.Select(excess => 1 / Math.Sqrt(excess)).ToArray();
        var total = shares.Sum();
        var fixedWeight = Alternatives / (Alternatives + 1.0);
        return [.. shares.Select(share => Math.Log(fixedWeight * share / total))];
    }
}
