using System.Collections.Immutable;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Gathers the differences of one comparison: the first <c>cap</c> in full, every one counted.
/// Callers check <see cref="IsFull"/> before formatting values, so differences beyond the cap cost
/// no strings.
/// </summary>
internal sealed class DifferenceCollector(int cap)
{
    private readonly ImmutableArray<Difference>.Builder _kept = ImmutableArray.CreateBuilder<Difference>(Math.Min(cap, 8));

    public int Total { get; private set; }

    public bool IsFull => _kept.Count >= cap;

    public void Add(Difference difference)
    {
        Total++;
        if (!IsFull)
        {
            _kept.Add(difference);
        }
    }

    /// <summary>Counts a difference that is not kept (the cap is reached).</summary>
    public void Count() => Total++;

    public ComparisonResult ToResult() => new(_kept.DrainToImmutable(), Total);
}
