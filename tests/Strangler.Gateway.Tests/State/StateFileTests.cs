using Strangler.Bucketing;
using Strangler.Gateway.Reporting;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Tests.State;

public sealed class StateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strangler-state-").FullName;

    private string Path => System.IO.Path.Combine(_directory, "rollout.state.json");

    [Fact]
    public async Task State_round_trips_through_the_file()
    {
        var store = new StateFile(Path);
        var reverted = RuntimeTransitions.Revert(
            RuntimeTransitions.FromFile(Features.Partial(25), DateTimeOffset.UnixEpoch), Percentage.FromPercent(10), DateTimeOffset.UnixEpoch.AddDays(1), "critical", "critical-error-rate");
        await store.SaveAsync([reverted], StepHistory.Empty, DateTimeOffset.UnixEpoch, TestContext.Current.CancellationToken);

        var loaded = await new StateFile(Path).LoadAsync(TestContext.Current.CancellationToken);
        Assert.Null(loaded.Error);
        Assert.Equal(reverted, loaded.States["api_v4_restaurants"]);
        Assert.False(loaded.TextRevisions);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task A_rollback_round_trips_with_its_mode_name()
    {
        var store = new StateFile(Path);
        var rolledBack = RuntimeTransitions.RollBack(RuntimeTransitions.FromFile(Features.Partial(25), DateTimeOffset.UnixEpoch), DateTimeOffset.UnixEpoch, "carol", "incident");
        await store.SaveAsync([rolledBack], StepHistory.Empty, DateTimeOffset.UnixEpoch, TestContext.Current.CancellationToken);

        Assert.Contains("\"mode\": \"rolled_back\"", await File.ReadAllTextAsync(Path, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(rolledBack, (await store.LoadAsync(TestContext.Current.CancellationToken)).States["api_v4_restaurants"]);
    }

    [Fact]
    public async Task Two_stores_saving_the_same_file_at_once_never_fail_and_leave_a_whole_state()
    {
        // Two gateways misconfigured onto one state file must not break each other's saves.
        var first = new StateFile(Path);
        var second = new StateFile(Path);
        var state = RuntimeTransitions.FromFile(Features.Partial(25), DateTimeOffset.UnixEpoch);
        var ct = TestContext.Current.CancellationToken;
        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 200; i++) { await first.SaveAsync([state], StepHistory.Empty, DateTimeOffset.UnixEpoch.AddSeconds(i), ct); } }, ct),
            Task.Run(async () => { for (var i = 0; i < 200; i++) { await second.SaveAsync([state], StepHistory.Empty, DateTimeOffset.UnixEpoch.AddSeconds(i), ct); } }, ct));

        var loaded = await new StateFile(Path).LoadAsync(ct);
        Assert.Null(loaded.Error);
        Assert.Equal(state, loaded.States["api_v4_restaurants"]);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task A_version_1_file_is_read_with_its_revisions_marked_as_text_revisions()
    {
        await File.WriteAllTextAsync(Path, """
            {"version": 1, "saved_at": "2026-01-01T00:00:00Z", "features": [
              {"feature": "api_v4_restaurants", "file_revision": "0f0f", "mode": "forced", "paused": true, "stage": "partial",
               "percentage": 0, "changed_at": "2026-01-01T00:00:00Z", "reason": "emergency rollback of all features to v3", "actor": "carol"}]}
            """, TestContext.Current.CancellationToken);
        var loaded = await new StateFile(Path).LoadAsync(TestContext.Current.CancellationToken);
        Assert.Null(loaded.Error);
        Assert.True(loaded.TextRevisions);
        var state = loaded.States["api_v4_restaurants"];
        Assert.Equal(("0f0f", RuntimeMode.Forced, true, 0m, (string?)null), (state.FileRevision, state.Mode, state.Paused, state.Percentage.Value, state.Rule));
    }

    [Fact]
    public async Task A_missing_file_is_an_empty_state()
    {
        var loaded = await new StateFile(Path).LoadAsync(TestContext.Current.CancellationToken);
        Assert.Null(loaded.Error);
        Assert.Empty(loaded.States);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"version\": 3, \"saved_at\": \"2026-01-01T00:00:00Z\", \"features\": [], \"history\": [{\"feature\": \"x\", \"steps\": [{\"percentage\": 5}]}]}")]
    [InlineData("{\"version\": 99, \"saved_at\": \"2026-01-01T00:00:00Z\", \"features\": []}")]
    [InlineData("{\"version\": 1, \"saved_at\": \"2026-01-01T00:00:00Z\", \"features\": [{\"feature\": \"x\", \"file_revision\": \"r\", \"mode\": \"sideways\", \"paused\": false, \"stage\": \"partial\", \"percentage\": 5, \"changed_at\": \"2026-01-01T00:00:00Z\", \"reason\": \"\", \"actor\": \"\"}]}")]
    [InlineData("{\"version\": 1, \"saved_at\": \"2026-01-01T00:00:00Z\", \"features\": [{\"feature\": \"x\", \"file_revision\": \"r\", \"mode\": \"file\", \"paused\": false, \"stage\": \"partial\", \"percentage\": 500, \"changed_at\": \"2026-01-01T00:00:00Z\", \"reason\": \"\", \"actor\": \"\"}]}")]
    public async Task A_corrupt_file_is_reported_and_ignored(string content)
    {
        await File.WriteAllTextAsync(Path, content, TestContext.Current.CancellationToken);
        var loaded = await new StateFile(Path).LoadAsync(TestContext.Current.CancellationToken);
        Assert.Empty(loaded.States);
        Assert.Contains(Path, loaded.Error, StringComparison.Ordinal);
        Assert.Contains("starting from rollout.json", loaded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_step_history_round_trips_with_the_state()
    {
        var store = new StateFile(Path);
        var state = RuntimeTransitions.FromFile(Features.Partial(25), DateTimeOffset.UnixEpoch);
        var evidence = new Strangler.Gateway.Events.GuardEvidence("critical-error-rate", 31.5, 22.25, 10, new Strangler.Gateway.Events.WindowSummary(480, 151, 31.5, 1.5, 3.25, 4), new Strangler.Gateway.Events.WindowSummary(2400, 0, 0, 1, 2, 3), new Strangler.Gateway.Events.ThresholdSummary(3, 500, 10, 2000));
        var step = new StepRecord(
            50, "partial", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(3),
            new StepEnding("revert", 4, "guard", "critical error rate", "critical-error-rate", evidence),
            new BackendFigures(2400, 0, 0, 2.5), new BackendFigures(480, 151, 31.458, 3.25), DateTimeOffset.UnixEpoch.AddMinutes(1));
        await store.SaveAsync([state], StepHistory.Append(StepHistory.Empty, state.Feature, step), DateTimeOffset.UnixEpoch, TestContext.Current.CancellationToken);

        var loaded = await new StateFile(Path).LoadAsync(TestContext.Current.CancellationToken);

        Assert.Null(loaded.Error);
        var read = Assert.Single(loaded.Steps[state.Feature]);
        Assert.Equal(step with { EndedBy = step.EndedBy with { Evidence = null } }, read with { EndedBy = read.EndedBy with { Evidence = null } });
        Assert.Equal(evidence, read.EndedBy.Evidence);
        Assert.Contains("\"version\": 3", await File.ReadAllTextAsync(Path, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_2_file_is_read_with_an_empty_history()
    {
        await File.WriteAllTextAsync(Path, """
            {"version": 2, "saved_at": "2026-01-01T00:00:00Z", "features": [
              {"feature": "api_v4_restaurants", "file_revision": "abc", "mode": "reverted", "paused": false, "stage": "partial",
               "percentage": 10, "changed_at": "2026-01-01T00:00:00Z", "reason": "warning", "actor": "guard", "rule": "warning-p95"}]}
            """, TestContext.Current.CancellationToken);

        var loaded = await new StateFile(Path).LoadAsync(TestContext.Current.CancellationToken);

        Assert.Null(loaded.Error);
        Assert.False(loaded.TextRevisions);
        Assert.Equal(("abc", RuntimeMode.Reverted, "warning-p95"), (loaded.States["api_v4_restaurants"].FileRevision, loaded.States["api_v4_restaurants"].Mode, loaded.States["api_v4_restaurants"].Rule));
        Assert.Empty(loaded.Steps);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
