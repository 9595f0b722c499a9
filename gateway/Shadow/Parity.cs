using System.Globalization;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Shadow;

internal enum ParityState
{
    /// <summary>No max_diff_percent: parity gates nothing.</summary>
    Off,

    /// <summary>Fewer than min_comparisons comparisons since the last change.</summary>
    Collecting,

    /// <summary>The diff rate's upper bound is below max_diff_percent.</summary>
    Holds,

    /// <summary>The diff rate's upper bound is at or above max_diff_percent.</summary>
    Failing,
}

internal static class ParityStates
{
    public static string ToName(this ParityState state) => state switch
    {
        ParityState.Off => "off",
        ParityState.Collecting => "collecting",
        ParityState.Holds => "holds",
        _ => "failing",
    };
}

/// <summary>The parity gate's verdict on a feature, with the diff rate and its one-sided 95 % Wilson bound (percent; null before the first comparison).</summary>
internal readonly record struct Parity(ParityState State, double? RatePercent, double? UpperPercent, string Reason)
{
    /// <summary>Whether auto-advance may move the feature: parity holds or gates nothing.</summary>
    public bool AllowsAdvance => State is ParityState.Off or ParityState.Holds;

    /// <summary>Whether the diff rate is above the limit beyond doubt (its lower bound too): an event and an alert, never a revert.</summary>
    public bool Breached { get; init; }

    public static Parity Judge(ShadowPolicy policy, ShadowTally tally)
    {
        var n = tally.Comparisons;
        double? rate = n > 0 ? 100.0 * tally.Diffs / n : null;
        double? upper = n > 0 ? 100 * Wilson.Upper(tally.Diffs, n) : null;
        if (policy.MaxDiffPercent is not { } limit)
        {
            return new Parity(ParityState.Off, rate, upper, "no max_diff_percent: parity does not gate advances");
        }

        if (n < policy.MinComparisons)
        {
            return new Parity(ParityState.Collecting, rate, upper,
                Invariant($"{n} of {policy.MinComparisons} comparisons since the last change; advances wait for parity"));
        }

        var figures = Invariant($"diff rate {rate:0.##} % (upper bound {upper:0.##} %) over {n} comparisons");
        return upper < limit
            ? new Parity(ParityState.Holds, rate, upper, Invariant($"{figures} is below max_diff_percent {limit:0.##} %"))
            : new Parity(ParityState.Failing, rate, upper, Invariant($"{figures} is not below max_diff_percent {limit:0.##} %; advances wait"))
            {
                Breached = 100 * Wilson.Lower(tally.Diffs, n) > limit,
            };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
