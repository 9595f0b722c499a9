using Strangler.LocalStack.Services;
using Strangler.TestSupport.Files;

namespace Strangler.LocalStack.Tests.Services;

public sealed class RolloutBackendsTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"rollout-{Guid.NewGuid():N}.json");

    [Fact]
    public void The_sample_rollout_names_the_ports_the_readme_documents()
    {
        var (backends, error) = RolloutBackends.Read(RepositoryRoot.File("rollout.json"));

        Assert.Null(error);
        Assert.Equal(new Uri("http://127.0.0.1:5003"), backends!.V3);
        Assert.Equal(new Uri("http://127.0.0.1:5004"), backends.V4);
    }

    [Theory]
    [InlineData("""{ "backends": { "v3": { "destinations": ["http://127.0.0.1:1"] } } }""", "$.backends.v4.destinations[0] is missing")]
    [InlineData("""{ "backends": { "v3": { "destinations": ["http://10.0.0.1:80"] }, "v4": { "destinations": ["http://127.0.0.1:2"] } } }""", "'http://10.0.0.1:80'; the local stack starts v3 on this machine")]
    [InlineData("""{ "backends": { "v3": { "destinations": ["https://127.0.0.1:1"] }, "v4": { "destinations": ["http://127.0.0.1:2"] } } }""", "must be http://127.0.0.1:<port>")]
    [InlineData("{ \"backends\": {\n  \"v3\": [ }", ":2:")]
    public void A_rollout_the_stack_cannot_start_backends_for_is_reported(string json, string expected)
    {
        File.WriteAllText(_file, json);

        var (backends, error) = RolloutBackends.Read(_file);

        Assert.Null(backends);
        Assert.StartsWith(_file, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed_as_in_any_rollout_file()
    {
        File.WriteAllText(_file, """
            // ops notes
            { "backends": { "v3": { "destinations": ["http://127.0.0.1:7003",], }, "v4": { "destinations": ["http://localhost:7004"] }, }, }
            """);

        var (backends, error) = RolloutBackends.Read(_file);

        Assert.Null(error);
        Assert.Equal(7003, backends!.V3.Port);
        Assert.Equal(7004, backends.V4.Port);
    }

    [Fact]
    public void A_missing_file_says_how_to_name_one()
    {
        var (_, error) = RolloutBackends.Read(_file);

        Assert.Contains("no such file (pass --rollout <file>)", error, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_file);
}
