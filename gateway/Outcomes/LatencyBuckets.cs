using System.Numerics;

namespace Strangler.Gateway.Outcomes;

/// <summary>
/// Log-linear latency buckets: four per power of two of microseconds (about 19 % wide), from
/// 1 µs up to about 67 s; longer latencies land in the last bucket.
/// </summary>
internal static class LatencyBuckets
{
    private const int SubBuckets = 4;
    private const int MaxOctave = 26;

    /// <summary>Indices 0..3 hold 0..3 µs; then four buckets for each octave 2..26.</summary>
    public const int Count = MaxOctave * SubBuckets;

    public static int Index(long microseconds)
    {
        if (microseconds < SubBuckets)
        {
            return (int)Math.Max(microseconds, 0);
        }

        var octave = BitOperations.Log2((ulong)microseconds);
        if (octave > MaxOctave)
        {
            return Count - 1;
        }

        var sub = (int)((microseconds >> (octave - 2)) & (SubBuckets - 1));
        return ((octave - 1) * SubBuckets) + sub;
    }

    /// <summary>The smallest latency (µs) that falls in a bucket.</summary>
    public static double LowerBound(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var octave = (index / SubBuckets) + 1;
        var sub = index % SubBuckets;
        return (SubBuckets + sub) * Math.Pow(2, octave - 2);
    }

    /// <summary>The first latency (µs) beyond a bucket.</summary>
    public static double UpperBound(int index) => index + 1 < Count ? LowerBound(index + 1) : double.PositiveInfinity;
}
