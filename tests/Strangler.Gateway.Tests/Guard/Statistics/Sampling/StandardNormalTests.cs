using Strangler.Gateway.Guard.Statistics.Sampling;

namespace Strangler.Gateway.Tests.Guard.Statistics.Sampling;

public sealed class StandardNormalTests
{
    // Φ(x) = erfc(−x/√2)/2 from the C library's erfc (via Python's math.erfc), independent of this implementation.
    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 0.8413447460685429)]
    [InlineData(-1, 0.15865525393145707)]
    [InlineData(1.6448536269514722, 0.95)]
    [InlineData(1.959963984540054, 0.975)]
    [InlineData(3, 0.9986501019683699)]
    [InlineData(-4.5, 3.3976731247300615e-6)]
    public void Matches_published_values(double x, double expected)
    {
        Assert.Equal(expected, StandardNormal.Cdf(x), 1e-14);
    }

    [Theory]
    [InlineData(-6, 9.865876450377012e-10)]
    [InlineData(-8, 6.220960574271819e-16)]
    [InlineData(-10, 7.619853024160593e-24)]
    public void Far_tails_keep_their_relative_precision(double x, double expected)
    {
        Assert.Equal(1, StandardNormal.Cdf(x) / expected, 1e-10);
    }

    [Fact]
    public void Is_symmetric()
    {
        for (var x = -7.0; x <= 7; x += 0.37)
        {
            Assert.Equal(1, StandardNormal.Cdf(x) + StandardNormal.Cdf(-x), 1e-15);
        }
    }
}
