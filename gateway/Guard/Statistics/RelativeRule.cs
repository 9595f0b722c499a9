namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// An anytime-valid test that v4's error rate exceeds v3's by more than a margin δ over the same
/// seconds, H0: p4 ≤ p3 + δ with p3 unknown, from per-second e-values (<see cref="RelativeProjection"/>)
/// whose alternative is a predictable plug-in estimate:
/// <list type="bullet">
/// <item>cumulative: the plug-in is the rates since the evidence start (v4's shrunk towards v3's by
/// <see cref="PriorRequests"/> pseudo-requests), the e-value their product; crosses at 1/α_c;</item>
/// <item>detector: the plug-in is exponentially decayed recent counts (memory <see cref="Memory"/> v4
/// requests), so a regression that begins late is bet on within a few hundred requests; a CUSUM of
/// the per-second log e-values alarms against a <see cref="SpendingSchedule"/> over the seconds in
/// which it bet.</item>
/// </list>
/// Any predictable plug-in keeps the guarantee, so seconds in which the plug-in lies within H0 are
/// simply not bet on (e-value 1). A second without v4 or without v3 requests says nothing.
/// P(false alarm ever) ≤ α_c + α_d for every path of rates within H0.
/// </summary>
internal sealed class RelativeRule
{
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

    /// <summary>The detector's plug-in forgets with a time constant of this many v4 requests.</summary>
    public double Memory { get; }

    /// <summary>Pseudo-requests shrinking each estimate: v3's towards <see cref="PriorRate"/>, v4's towards v3's.</summary>
    public double PriorRequests { get; }

    public double PriorRate { get; }

    /// <summary>Adds one second of both backends' counts; O(1), no allocation.</summary>
    public Crossing Observe(ref RelativeEvidence evidence, long v4Errors, long v4Requests, long v3Errors, long v3Requests)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(v4Errors);
        ArgumentOutOfRangeException.ThrowIfLessThan(v4Requests, v4Errors);
        ArgumentOutOfRangeException.ThrowIfNegative(v3Errors);
        ArgumentOutOfRangeException.ThrowIfLessThan(v3Requests, v3Errors);
        if (v4Requests > 0 && v3Requests > 0)
        {
            var theta3 = (evidence.V3Errors + (PriorRequests * PriorRate)) / (evidence.V3Requests + PriorRequests);
            var theta4 = (evidence.V4Errors + (PriorRequests * theta3)) / (evidence.V4Requests + PriorRequests);
            if (theta4 > theta3 + Margin)
            {
                var q = RelativeProjection.Solve(theta4, theta3, v4Requests, v3Requests, Margin);
                evidence.LogEValue += RelativeProjection.LogFactor(v4Errors, v4Requests, v3Errors, v3Requests, theta4, theta3, q, Margin);
            }

            var recent3 = (evidence.RecentV3Errors + (PriorRequests * PriorRate)) / (evidence.RecentV3Requests + PriorRequests);
            var recent4 = (evidence.RecentV4Errors + (PriorRequests * recent3)) / (evidence.RecentV4Requests + PriorRequests);
            if (recent4 > recent3 + Margin)
            {
                var q = RelativeProjection.Solve(recent4, recent3, v4Requests, v3Requests, Margin);
                evidence.Bets++;
                evidence.Cusum = Math.Max(evidence.Cusum, 0) + RelativeProjection.LogFactor(v4Errors, v4Requests, v3Errors, v3Requests, recent4, recent3, q, Margin);
            }
        }

        evidence.V4Errors += v4Errors;
        evidence.V4Requests += v4Requests;
        evidence.V3Errors += v3Errors;
        evidence.V3Requests += v3Requests;
        var decay = Math.Exp(-v4Requests / Memory); // once a second: a table of these cost 32 KB per feature
        evidence.RecentV4Errors = (evidence.RecentV4Errors * decay) + v4Errors;
        evidence.RecentV4Requests = (evidence.RecentV4Requests * decay) + v4Requests;
        evidence.RecentV3Errors = (evidence.RecentV3Errors * decay) + v3Errors;
        evidence.RecentV3Requests = (evidence.RecentV3Requests * decay) + v3Requests;

        var crossed = Crossing.None;
        if (evidence.LogEValue >= LogCumulativeThreshold)
        {
            crossed |= Crossing.Cumulative;
        }

        if (evidence.Bets > 0 && evidence.Cusum >= Detector.LogThreshold(evidence.Bets))
        {
            crossed |= Crossing.Detector;
        }

        evidence.Crossed = crossed;
        return crossed;
    }
}
