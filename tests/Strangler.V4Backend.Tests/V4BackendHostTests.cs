using Strangler.TestSupport.Hosting;

namespace Strangler.V4Backend.Tests;

/// <summary>The built v4 binary refusing settings it cannot run with, as an operator sees it.</summary>
public sealed class V4BackendHostTests
{
    [Theory]
    [InlineData("--Auth:SigningKey=too-short-a-key", "Auth:SigningKey is 15 bytes long: an HS256 key needs at least 32 bytes (e.g. openssl rand -hex 32)")]
    [InlineData("--Auth:SigningKey=", "Auth:SigningKey is not set: set it to an HS256 key of at least 32 bytes (e.g. environment variable Auth__SigningKey)")]
    [InlineData("--ConnectionStrings:Redis=127.0.0.1:6379,colour=blue", "ConnectionStrings:Redis is not a valid StackExchange.Redis connection string:")]
    public async Task A_setting_it_cannot_run_with_is_one_line_on_stderr_and_exit_code_1(string setting, string message)
    {
        var arguments = setting.StartsWith("--Auth", StringComparison.Ordinal)
            ? new[] { setting, "--urls", "http://127.0.0.1:0" }
            : new[] { "--Auth:SigningKey=a-signing-key-that-is-long-enough-0123", setting, "--urls", "http://127.0.0.1:0" };

        var run = await BuiltBinary.RunAsync("v4-backend", arguments, TimeSpan.FromSeconds(60));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.StandardOutput);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
    }
}
