using System.Collections.Immutable;

namespace Strangler.Gateway.Shadow;

/// <summary>The outcome of comparing two answers.</summary>
/// <param name="Differences">The first differences found, at most the cap the comparison was given.</param>
/// <param name="TotalDifferences">Every difference found, those beyond the cap included.</param>
internal sealed record ComparisonResult(ImmutableArray<Difference> Differences, int TotalDifferences)
{
    /// <summary>The two answers are equal (after ignoring the configured paths).</summary>
    public bool IsMatch => TotalDifferences == 0;
}
