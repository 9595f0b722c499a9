using Strangler.Gateway.Hosting;

namespace Strangler.Gateway.Tests.Hosting;

public sealed class ManagementBindingTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8081")]
    [InlineData("http://localhost:8081")]
    [InlineData("http://[::1]:8081")]
    [InlineData("http://127.0.0.1:8081;http://[::1]:8081")]
    public void Loopback_is_allowed_without_a_token(string urls) =>
        Assert.Null(ManagementBinding.Check(new ManagementOptions { Urls = urls }));

    [Theory]
    [InlineData("http://0.0.0.0:8081")]
    [InlineData("http://*:8081")]
    [InlineData("http://+:8081")]
    [InlineData("http://10.1.2.3:8081")]
    [InlineData("http://127.0.0.1:8081;http://[::]:8081")]
    public void Anything_else_needs_a_token(string urls)
    {
        var error = ManagementBinding.Check(new ManagementOptions { Urls = urls });
        Assert.NotNull(error);
        Assert.Contains("Gateway:Management:Token", error, StringComparison.Ordinal);
        Assert.Null(ManagementBinding.Check(new ManagementOptions { Urls = urls, Token = "s3cret-token" }));
    }
}
