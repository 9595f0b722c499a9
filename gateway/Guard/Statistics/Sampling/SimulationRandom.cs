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
    private Xoshiro256 _state;

    /// <param name="seed">The simulation's seed.</param>
    /// <param name="stream">Which independent stream of that seed (e.g. the run number).</param>
    public SimulationRandom(ulong seed, ulong stream = 0)
    {
        // Distinct (seed, stream) pairs start SplitMix64 at distinct points far apart.
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL) ^ 0x9E3779B97F4A7C15UL;
        _state = new Xoshiro256(SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
    }

    /// <summary>The generator's state, for loops that copy it to a local and back (and for nothing else).</summary>
    public ref Xoshiro256 State => ref _state;

    /// <summary>64 uniformly random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64() => _state.Next();

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => _state.NextDouble();

    /// <summary>Uniform on (0, 1): never 0, so its logarithm is finite.</summary>
    public double NextOpenDouble() => ((_state.Next() >> 11) + 0.5) * (1.0 / (1UL << 53));

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
