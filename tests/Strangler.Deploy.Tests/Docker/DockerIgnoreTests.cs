namespace Strangler.Deploy.Tests.Docker;

public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("bin", "bin/Debug/app.dll", true)]
    [InlineData("bin", "src/bin/app.dll", false)] // a plain name is anchored at the context root
    [InlineData("**/bin", "src/bin/app.dll", true)]
    [InlineData("**/bin", "bin/app.dll", true)]
    [InlineData("**/bin", "src/binary.cs", false)]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)] // '*' stays within one segment
    [InlineData("**/*.db", "v4-backend/data/v4.db", true)]
    [InlineData("docs/**", "docs/a/b.md", true)]
    [InlineData("./artifacts/", "artifacts/packages/x.nupkg", true)]
    [InlineData("?.txt", "a.txt", true)]
    [InlineData("?.txt", "ab.txt", false)]
    public void A_pattern_excludes_matching_paths_and_everything_below_them(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse([pattern]).Excludes(path));

    [Fact]
    public void The_last_matching_pattern_wins_so_an_allowlist_reincludes_what_it_names()
    {
        var ignore = DockerIgnore.Parse(["# comment", "*", "!src", "!deploy/docker", "**/obj", "", "!src/obj/keep.txt"]);
        Assert.True(ignore.Excludes("README.md"));
        Assert.True(ignore.Excludes(".git/HEAD"));
        Assert.False(ignore.Excludes("src"));
        Assert.False(ignore.Excludes("src/Program.cs"));
        Assert.True(ignore.Excludes("src/obj/project.assets.json"));
        Assert.False(ignore.Excludes("src/obj/keep.txt"));
        Assert.True(ignore.Excludes("deploy/prometheus/prometheus.yml"));
        Assert.False(ignore.Excludes("deploy/docker/http-healthcheck.sh"));
    }

    [Fact]
    public void Without_a_dockerignore_nothing_is_excluded() =>
        Assert.False(DockerIgnore.Parse([]).Excludes("anything/at/all"));

    [Theory]
    [InlineData("gateway/bin/Release/net10.0/gateway.dll")]
    [InlineData("libs/Strangler.Telemetry/obj/project.assets.json")]
    [InlineData(".git/HEAD")]
    [InlineData(".env")]
    [InlineData("v4-backend/data/v4.db")]
    [InlineData("tests/Strangler.Gateway.Tests/Strangler.Gateway.Tests.csproj")]
    public void The_repository_context_leaves_out_build_output_secrets_history_and_tests(string path) =>
        Assert.True(DockerIgnore.Load(RepoPaths.Root).Excludes(path), $"{path} would be sent to the image builder; add it to .dockerignore");
}
