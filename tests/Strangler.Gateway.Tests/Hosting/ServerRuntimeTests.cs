using Strangler.Hosting;

namespace Strangler.Gateway.Tests.Hosting;

/// <summary>
/// The runtime reads the variable when the process's first socket is created. These tests run alone
/// (no other test can create that first socket while the variable is changed) and restore what
/// they found, so the test process keeps its own setting.
/// </summary>
[Collection(nameof(ServerRuntimeTests))]
[CollectionDefinition(nameof(ServerRuntimeTests), DisableParallelization = true)]
public sealed class ServerRuntimeTests
{
    [Fact]
    public void Inline_socket_completions_are_turned_on_when_the_environment_says_nothing() =>
        WithVariable(null, () =>
        {
            ServerRuntime.Apply();
            Assert.Equal("1", Environment.GetEnvironmentVariable(ServerRuntime.InlineSocketCompletions));
        });

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    public void An_explicit_choice_in_the_environment_is_kept(string value) =>
        WithVariable(value, () =>
        {
            ServerRuntime.Apply();
            Assert.Equal(value, Environment.GetEnvironmentVariable(ServerRuntime.InlineSocketCompletions));
        });

    private static void WithVariable(string? value, Action test)
    {
        var saved = Environment.GetEnvironmentVariable(ServerRuntime.InlineSocketCompletions);
        try
        {
            Environment.SetEnvironmentVariable(ServerRuntime.InlineSocketCompletions, value);
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable(ServerRuntime.InlineSocketCompletions, saved);
        }
    }
}
