namespace Strangler.Bucketing.Tests;

public sealed class PercentageTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0.01", 1)]
    [InlineData("12.5", 1250)]
    [InlineData("99.99", 9999)]
    [InlineData("100", 10000)]
    public void Accepts_two_decimals_in_range(string text, int basisPoints)
    {
        Assert.True(Percentage.TryFromPercent(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), out var p));
        Assert.Equal(basisPoints, p.BasisPoints);
        Assert.Equal(text, p.ToString());
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("100.01")]
    [InlineData("12.345")]
    [InlineData("0.001")]
    public void Rejects_out_of_range_or_finer_than_a_basis_point(string text) =>
        Assert.False(Percentage.TryFromPercent(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), out _));
}
