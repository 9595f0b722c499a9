using System.Runtime.CompilerServices;

namespace Strangler.Gateway.Guard.Statistics.Sampling;

/// <summary>
/// A fast, seedable pseudo-random generator for simulations: xoshiro256** (Blackman and Vigna),
/// its state filled by SplitMix64 from a seed and a stream number. Runs of a simulation each take
/// their own stream, so the result of a run depends only on (seed, run), never on which thread ran
/// it or in what order. Not thread-safe: one instance per run. Not for security.
/// </summary>
internal sealed class SimulationRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <param name="seed">The simulation's seed.</param>
    /// <param name="stream">Which independent stream of that seed (e.g. the run number).</param>
    public SimulationRandom(ulong seed, ulong stream = 0)
    {
        // Distinct (seed, stream) pairs start SplitMix64 at distinct points far apart.
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL) ^ 0x9E3779B97F4A7C15UL;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>64 uniformly random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1): never 0, so its logarithm is finite.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    private static ulong RotateLeft(ulong x, int k) => System.Numerics.BitOperations.RotateLeft(x, k);

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
