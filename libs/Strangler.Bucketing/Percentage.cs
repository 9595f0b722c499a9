using System.Globalization;

namespace Strangler.Bucketing;

/// <summary>
/// A rollout share with 0.01 % granularity, stored as basis points (0..10000) so that comparing
/// it with a bucket is exact integer arithmetic: a user is in the share iff bucket &lt; BasisPoints.
/// </summary>
public readonly record struct Percentage : IComparable<Percentage>
{
    public const int MaxBasisPoints = Bucket.Count;

    private Percentage(int basisPoints) => BasisPoints = basisPoints;

    public static Percentage Zero => default;

    public static Percentage Hundred => new(MaxBasisPoints);

    /// <summary>Hundredths of a percent: 2500 means 25 %.</summary>
    public int BasisPoints { get; }

    public decimal Value => BasisPoints / 100m;

    public static Percentage FromBasisPoints(int basisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(basisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(basisPoints, MaxBasisPoints);
        return new Percentage(basisPoints);
    }

    /// <summary>
    /// Converts a percent value with at most two decimals (e.g. 12.5 or 99.99). Returns false when
    /// the value is outside 0..100 or has a finer granularity than 0.01.
    /// </summary>
    public static bool TryFromPercent(decimal percent, out Percentage percentage)
    {
        percentage = default;
        if (percent < 0m || percent > 100m)
        {
            return false;
        }

        var basisPoints = percent * 100m;
        if (basisPoints != decimal.Truncate(basisPoints))
        {
            return false;
        }

        percentage = new Percentage((int)basisPoints);
        return true;
    }

    public static Percentage FromPercent(decimal percent) =>
        TryFromPercent(percent, out var p)
            ? p
            : throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentage is 0..100 with at most two decimals.");

    public int CompareTo(Percentage other) => BasisPoints.CompareTo(other.BasisPoints);

    public static bool operator <(Percentage left, Percentage right) => left.BasisPoints < right.BasisPoints;

    public static bool operator >(Percentage left, Percentage right) => left.BasisPoints > right.BasisPoints;

    public static bool operator <=(Percentage left, Percentage right) => left.BasisPoints <= right.BasisPoints;

    public static bool operator >=(Percentage left, Percentage right) => left.BasisPoints >= right.BasisPoints;

    /// <summary>Invariant text without trailing zeros: "25", "12.5", "0.01".</summary>
    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture);
}
