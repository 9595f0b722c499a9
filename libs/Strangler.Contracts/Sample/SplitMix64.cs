namespace Strangler.Contracts.Sample;

/// <summary>
/// A tiny, fully specified PRNG (SplitMix64, Steele/Lea/Flood 2014) so the sample dataset is the
/// same on every machine and .NET version; System.Random's seeded sequence is not a contract.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, max) (max small; the modulo bias is negligible for dataset purposes).</summary>
    public int Below(int max) => (int)(Next() % (ulong)max);

    public int Between(int min, int maxInclusive) => min + Below(maxInclusive - min + 1);

    public double Unit() => (Next() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];
}
