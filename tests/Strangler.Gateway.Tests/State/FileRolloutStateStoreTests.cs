using Strangler.Bucketing;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Tests.State;

public sealed class FileRolloutStateStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strangler-state-").FullName;

    private string Path => System.IO.Path.Combine(_directory, "rollout.state.json");

    [Fact]
    public async Task State_round_trips_through_the_file()
    {
        var store = new FileRolloutStateStore(Path);
        var reverted = RuntimeTransitions.Revert(
            RuntimeTransitions.FromFile(Features.Partial(25), DateTimeOffset.UnixEpoch), Percentage.FromPercent(10), DateTimeOffset.UnixEpoch.AddDays(1), "critical");
        await store.SaveAsync([reverted], DateTimeOffset.UnixEpoch, TestContext.Current.CancellationToken);

        var loaded = await new FileRolloutStateStore(Path).LoadAsync(TestContext.Current.CancellationToken);
        Assert.Null(loaded.Error);
        Assert.Equal(reverted, loaded.States["api_v4_restaurants"]);
        Assert.False(File.Exists(Path + ".tmp"));
    }

    [Fact]
    public async Task A_missing_file_is_an_empty_state()
    {
        var loaded = await new FileRolloutStateStore(Path).LoadAsync(TestContext.Current.CancellationToken);
        Assert.Null(loaded.Error);
        Assert.Empty(loaded.States);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"version\": 99, \"saved_at\": \"2026-01-01T00:00:00Z\", \"features\": []}")]
    [InlineData("{\"version\": 1, \"saved_at\": \"2026-01-01T00:00:00Z\", \"features\": [{\"feature\": \"x\", \"file_revision\": \"r\", \"mode\": \"sideways\", \"paused\": false, \"stage\": \"partial\", \"percentage\": 5, \"changed_at\": \"2026-01-01T00:00:00Z\", \"reason\": \"\", \"actor\": \"\"}]}")]
    [InlineData("{\"version\": 1, \"saved_at\": \"2026-01-01T00:00:00Z\", \"features\": [{\"feature\": \"x\", \"file_revision\": \"r\", \"mode\": \"file\", \"paused\": false, \"stage\": \"partial\", \"percentage\": 500, \"changed_at\": \"2026-01-01T00:00:00Z\", \"reason\": \"\", \"actor\": \"\"}]}")]
    public async Task A_corrupt_file_is_reported_and_ignored(string content)
    {
        await File.WriteAllTextAsync(Path, content, TestContext.Current.CancellationToken);
        var loaded = await new FileRolloutStateStore(Path).LoadAsync(TestContext.Current.CancellationToken);
        Assert.Empty(loaded.States);
        Assert.Contains(Path, loaded.Error, StringComparison.Ordinal);
        Assert.Contains("starting from rollout.json", loaded.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
