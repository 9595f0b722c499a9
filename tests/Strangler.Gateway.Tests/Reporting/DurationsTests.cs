using Strangler.Gateway.Reporting;

namespace Strangler.Gateway.Tests.Reporting;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("12h", 43200)]
    [InlineData("7d", 604800)]
    [InlineData("2w", 1209600)]
    public void A_look_back_is_a_number_with_a_unit(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.ParseLookBack(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("d")]
    [InlineData("0d")]
    [InlineData("-1d")]
    [InlineData("7x")]
    [InlineData("1.5h")]
    [InlineData("999999999d")]
    public void Anything_else_is_refused_with_what_is_accepted(string text)
    {
        Assert.Null(Durations.ParseLookBack(text, out var error));
        Assert.Contains($"(got '{text}')", error, StringComparison.Ordinal);
        Assert.Contains("such as 7d, 12h or 30m", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40, "40s")]
    [InlineData(725, "12m 5s")]
    [InlineData(7500, "2h 5m")]
    [InlineData(183600, "2d 3h")]
    public void Durations_read_in_the_largest_two_units(int seconds, string expected) =>
        Assert.Equal(expected, Durations.Format(TimeSpan.FromSeconds(seconds)));
}
