using Strangler.Gateway.Guard;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Admin;

/// <summary>
/// A feature's shadow comparisons in <c>GET /admin/status</c>: the tally since the last change,
/// the diff rate with its one-sided 95 % upper bound, the parity gate's state and reason, and the
/// most frequent differing paths. <c>HoldsBackAdvance</c> is true when auto-advance would move
/// the feature once the guard calls it healthy and the step interval has passed, but parity does
/// not let it.
/// </summary>
internal sealed record ShadowView(
    double SamplePercent,
    long Comparisons,
    long Matches,
    long Diffs,
    long Noise,
    long V4Errors,
    long Skipped,
    double? DiffRatePercent,
    double? DiffRateUpperPercent,
    double? MaxDiffPercent,
    int MinComparisons,
    string Parity,
    string ParityReason,
    bool HoldsBackAdvance,
    DateTimeOffset Since,
    IReadOnlyList<ShadowPathCount> TopPaths,
    IReadOnlyList<string> NoisePaths)
{
    public const int TopPathCount = 10;

    public static ShadowView? From(FeatureView view)
    {
        if (view is not { File.Shadow: { } policy, Shadow: { } stats })
        {
            return null;
        }

        var tally = stats.Read();
        var parity = Shadow.Parity.Judge(policy, tally);
        return new ShadowView(
            policy.SamplePercent,
            tally.Comparisons,
            tally.Matches,
            tally.Diffs,
            tally.Noise,
            tally.V4Errors,
            tally.Skipped,
            Round(parity.RatePercent),
            Round(parity.UpperPercent),
            policy.MaxDiffPercent,
            policy.MinComparisons,
            parity.State.ToName(),
            parity.Reason,
            !parity.AllowsAdvance && StepPlanner.Next(view.File, view.State, GuardState.Healthy, DateTimeOffset.MaxValue) is not null,
            stats.Since,
            [.. stats.TopPaths(TopPathCount).Select(p => new ShadowPathCount(p.Key, p.Value))],
            stats.Noise.Paths());
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;
}

internal sealed record ShadowPathCount(string Path, long Count);
