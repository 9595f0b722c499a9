namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// How the guard's false-revert probability α is shared, so that P(any revert during a step, however
/// long) ≤ <see cref="Total"/> while v4 is within every threshold (by the union bound over the parts).
/// <list type="bullet">
/// <item>Families: error rate, relative to v3, latency, weighted by <see cref="ErrorShare"/>,
/// <see cref="RelativeShare"/> and <see cref="LatencyShare"/> (normalised over the families that are on,
/// so a family that is off gives its part to the others).</item>
/// <item>Within a family the critical rule costs nothing extra: it may act only after the family's
/// warning rule has crossed (closed testing: within the warning thresholds ⇒ within the critical
/// ones, so no critical revert without a warning crossing, which has probability ≤ the family's α).
/// It gets the family's α again, which bounds the probability of reverting to 0 % rather than to the
/// previous step while v4 is within the critical thresholds.</item>
/// <item>Within a rule, <see cref="DetectorShare"/> goes to the change detector and the rest to the
/// cumulative test.</item>
/// </list>
/// </summary>
/// <param name="Total">α, e.g. 0.01.</param>
internal sealed record AlphaBudget(double Total, double ErrorShare, double RelativeShare, double LatencyShare, double DetectorShare)
{
    /// <summary>α = 1 %: half to error rates, a quarter each to the relative rule and latency; a quarter of each to its detector.</summary>
    public static AlphaBudget Default { get; } = new(0.01, 0.5, 0.25, 0.25, 0.25);

    /// <summary>The α of one family's rules (warning and critical alike), given which families are on.</summary>
    public double FamilyAlpha(double share, bool relativeOn)
    {
        Validate();
        var total = ErrorShare + LatencyShare + (relativeOn ? RelativeShare : 0);
        return Total * share / total;
    }

    /// <summary>The cumulative test's part of a rule's α.</summary>
    public double Cumulative(double ruleAlpha) => ruleAlpha * (1 - DetectorShare);

    /// <summary>The change detector's part of a rule's α.</summary>
    public double Detector(double ruleAlpha) => ruleAlpha * DetectorShare;

    private void Validate()
    {
        if (!(Total > 0 && Total < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Total), Total, "α must be strictly between 0 and 1.");
        }

        if (!(ErrorShare > 0 && RelativeShare >= 0 && LatencyShare > 0))
        {
            throw new ArgumentException($"Shares must be positive (the relative one may be 0); got {ErrorShare}, {RelativeShare}, {LatencyShare}.");
        }

        if (!(DetectorShare > 0 && DetectorShare < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DetectorShare), DetectorShare, "The detector's share must be strictly between 0 and 1.");
        }
    }
}
