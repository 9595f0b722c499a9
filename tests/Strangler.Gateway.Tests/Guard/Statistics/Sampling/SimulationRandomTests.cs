using Strangler.Gateway.Guard.Statistics.Sampling;

namespace Strangler.Gateway.Tests.Guard.Statistics.Sampling;

public sealed class SimulationRandomTests
{
    [Fact]
    public void The_same_seed_and_stream_give_the_same_sequence()
    {
        var a = new SimulationRandom(42, 7);
        var b = new SimulationRandom(42, 7);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
    }

    [Fact]
    public void Different_streams_and_seeds_give_different_sequences()
    {
        var firsts = new HashSet<ulong>();
        for (ulong seed = 0; seed < 20; seed++)
        {
            for (ulong stream = 0; stream < 50; stream++)
            {
                Assert.True(firsts.Add(new SimulationRandom(seed, stream).NextUInt64()), $"seed {seed}, stream {stream} repeats another start");
            }
        }
    }

    [Fact]
    public void A_known_seed_gives_the_values_of_an_independent_implementation()
    {
        // xoshiro256** seeded by SplitMix64, computed separately (a Python transcription of the reference
        // algorithms whose SplitMix64 gives the published 0xE220A8397B1DCDAF for seed 0): pins the
        // generator, so figures quoted for a seed stay reproducible.
        var random = new SimulationRandom(1, 0);
        Assert.Equal(0x3752BDAF106AFAECUL, random.NextUInt64());
        Assert.Equal(0x4441CBC0FFEBC80FUL, random.NextUInt64());
        Assert.Equal(0x2A4EAA9FFEB08F42UL, random.NextUInt64());
    }

    [Fact]
    public void Doubles_are_uniform_on_the_unit_interval()
    {
        var random = new SimulationRandom(3);
        var bins = new long[50];
        for (var i = 0; i < 500_000; i++)
        {
            var u = random.NextDouble();
            Assert.InRange(u, 0, 1 - 1e-17);
            bins[(int)(u * bins.Length)]++;
        }

        GoodnessOfFit.AssertFits(bins, [.. Enumerable.Repeat(1.0 / bins.Length, bins.Length)], "NextDouble");
    }

    [Fact]
    public void Open_doubles_are_never_zero_or_one()
    {
        var random = new SimulationRandom(4);
        for (var i = 0; i < 100_000; i++)
        {
            var u = random.NextOpenDouble();
            Assert.True(u > 0 && u < 1);
        }
    }
}
