using Strangler.Gateway.Guard.Statistics.Sampling;

namespace Strangler.Gateway.Tests.Guard.Statistics.Sampling;

public sealed class AliasTableTests
{
    private static readonly double[] Weights = [5, 0, 1, 2.5, 0.01, 40, 3];

    [Fact]
    public void Each_index_keeps_its_share_of_the_weights()
    {
        var table = new AliasTable(Weights);
        var total = Weights.Sum();
        for (var i = 0; i < Weights.Length; i++)
        {
            Assert.Equal(Weights[i] / total, table.ProbabilityOf(i), 1e-12);
        }
    }

    [Fact]
    public void Draws_follow_the_weights()
    {
        var table = new AliasTable(Weights);
        var random = new SimulationRandom(5);
        var counts = new long[Weights.Length];
        for (var i = 0; i < 300_000; i++)
        {
            counts[table.Sample(random)]++;
        }

        Assert.Equal(0, counts[1]);
        GoodnessOfFit.AssertFits(counts, [.. Weights.Select(w => w / Weights.Sum())], "alias table");
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 0.0, 0.0 })]
    [InlineData(new[] { 1.0, -1.0 })]
    [InlineData(new[] { 1.0, double.NaN })]
    public void Bad_weights_are_refused(double[] weights)
    {
        Assert.Throws<ArgumentException>(() => new AliasTable(weights));
    }
}
