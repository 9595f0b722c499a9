using Strangler.TestSupport.Hosting;

namespace Strangler.LegacyV3.Tests;

/// <summary>The built v3 stub refusing a signing key it cannot validate tokens with, as an operator sees it.</summary>
public sealed class LegacyV3HostTests
{
    [Fact]
    public async Task A_signing_key_under_32_bytes_is_one_line_on_stderr_and_exit_code_1()
    {
        var run = await BuiltBinary.RunAsync("legacy-v3-stub", ["--Auth:SigningKey=short", "--urls", "http://127.0.0.1:0"], TimeSpan.FromSeconds(60));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.StandardOutput);
        Assert.Equal(
            "Auth:SigningKey is 5 bytes long: an HS256 key needs at least 32 bytes (e.g. openssl rand -hex 32)",
            Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
