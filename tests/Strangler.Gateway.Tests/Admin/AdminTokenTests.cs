using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Tests.Admin;

public sealed class AdminTokenTests
{
    [Theory]
    [InlineData("Bearer s3cret", true)]
    [InlineData("bearer s3cret", true)]
    [InlineData("Bearer s3cret ", true)]
    [InlineData("Bearer s3cre", false)]
    [InlineData("Bearer s3cret2", false)]
    [InlineData("Basic s3cret", false)]
    [InlineData("s3cret", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_the_configured_bearer_token_matches(string? header, bool expected) =>
        Assert.Equal(expected, new AdminToken("s3cret").Matches(header));

    [Fact]
    public void No_configured_token_means_open() =>
        Assert.True(new AdminToken(null).Matches(null));
}
