using System.Text.Json;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>Hot reload of rollout.json while traffic flows.</summary>
public sealed class ReloadTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("rename")]
    [InlineData("in-place")]
    [InlineData("symlink-swap")]
    public async Task A_valid_change_applies_within_a_second_under_load_without_failed_requests(string how)
    {
        var directory = Directory.CreateTempSubdirectory("strangler-reload-").FullName;
        var before = backends.Rollout(RolloutFile.Restaurants("disabled", 0)).ToJson();
        var after = backends.Rollout(RolloutFile.Restaurants("full", 100)).ToJson();
        if (how == "symlink-swap")
        {
            // The layout a Kubernetes ConfigMap volume has: rollout.json -> ..data/rollout.json, ..data -> ..v1.
            Directory.CreateDirectory(Path.Combine(directory, "..v1"));
            await File.WriteAllTextAsync(Path.Combine(directory, "..v1", "rollout.json"), before, TestContext.Current.CancellationToken);
            File.CreateSymbolicLink(Path.Combine(directory, "..data"), "..v1");
            File.CreateSymbolicLink(Path.Combine(directory, "rollout.json"), Path.Combine("..data", "rollout.json"));
        }

        await using var gateway = await RunningGateway.StartAsync(before, directory: directory, writeRollout: how != "symlink-swap");
        var revisionBefore = (await gateway.StatusAsync()).GetProperty("revision").GetString();
        await using var load = new LoadRunner(gateway.Public, workers: 16, n => Restaurants($"user-{n % 500}"));
        await Eventually.HoldsAsync(() => load.Count > 300, "traffic to warm up", Settle);

        var written = load.Now;
        switch (how)
        {
            case "rename":
                await gateway.ReplaceRolloutAsync(after);
                break;
            case "in-place":
                await gateway.WriteRolloutInPlaceAsync(after);
                break;
            default:
                Directory.CreateDirectory(Path.Combine(directory, "..v2"));
                await File.WriteAllTextAsync(Path.Combine(directory, "..v2", "rollout.json"), after, TestContext.Current.CancellationToken);
                File.CreateSymbolicLink(Path.Combine(directory, "..data_tmp"), "..v2");
                // Atomic swap of the symlink itself, as kubelet does (rename(2) over the old link).
                Assert.Equal(0, Rename(Path.Combine(directory, "..data_tmp"), Path.Combine(directory, "..data")));
                break;
        }

        await gateway.WaitForStatusAsync(s => s.GetProperty("revision").GetString() != revisionBefore, "the new revision to apply", Settle);
        var applied = load.Now;
        await Eventually.HoldsAsync(() => load.Now - applied > TimeSpan.FromMilliseconds(300), "traffic after the change", Settle);
        await load.StopAsync();

        var samples = load.Samples;
        Assert.All(samples, s => Assert.Equal(200, s.Status));
        var lastV3 = samples.Where(s => s.Backend == "v3").Max(s => s.Started);
        var switchTime = lastV3 - written;
        Assert.True(switchTime < TimeSpan.FromSeconds(1), $"requests still went to v3 {switchTime.TotalMilliseconds:0} ms after the write");
        Assert.Contains(samples, s => s.Backend == "v4" && s.Started > lastV3);
        // The traffic around the change (from half a second before the write to the end) is what must be at 200/s or more.
        var around = samples.Where(s => s.Started >= written - TimeSpan.FromMilliseconds(500)).ToArray();
        var rate = around.Length / (around[^1].Started - around[0].Started).TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{how}: last v3 request started {switchTime.TotalMilliseconds:0} ms after the write; {around.Length} requests around the change at {rate:0}/s, none failed");
        Assert.True(rate >= 200, $"only {rate:0} requests/s around the change");

        var status = await gateway.StatusAsync();
        Assert.Equal(2, status.GetProperty("reloads_applied").GetInt64());
        Assert.Equal(0, status.GetProperty("reloads_rejected").GetInt64());
        await gateway.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("invalid JSON")]
    [InlineData("semantically invalid")]
    public async Task An_invalid_change_keeps_the_previous_revision_serving_and_shows_the_error(string kind)
    {
        var good = backends.Rollout(RolloutFile.Restaurants("full", 100)).ToJson();
        var (bad, line) = kind switch
        {
            "truncated" => (good[..(good.Length / 2)], good[..(good.Length / 2)].Count(c => c == '\n') + 1),
            "invalid JSON" => (good.Replace("\"stage\": \"full\"", "\"stage\": full", StringComparison.Ordinal), LineOf(good, "\"stage\": \"full\"")),
            _ => (good.Replace("\"percentage\": 100", "\"percentage\": 250", StringComparison.Ordinal), LineOf(good, "\"percentage\": 100")),
        };

        await using var gateway = await RunningGateway.StartAsync(good);
        var revision = (await gateway.StatusAsync()).GetProperty("revision").GetString();
        await using var load = new LoadRunner(gateway.Public, workers: 16, n => Restaurants($"user-{n % 500}"));
        await Eventually.HoldsAsync(() => load.Count > 300, "traffic to warm up", Settle);

        var written = load.Now;
        await gateway.ReplaceRolloutAsync(bad);
        var status = await gateway.WaitForStatusAsync(s => s.GetProperty("config_error").ValueKind == JsonValueKind.Object, "the error to show in status", Settle);
        var mark = load.Count;
        await Eventually.HoldsAsync(() => load.Count > mark + 200, "traffic after the bad write", Settle);
        await load.StopAsync();

        Assert.All(load.Samples, s => Assert.Equal((200, "v4"), (s.Status, s.Backend)));
        var around = load.Samples.Where(s => s.Started >= written - TimeSpan.FromMilliseconds(500)).ToArray();
        var rate = around.Length / (around[^1].Started - around[0].Started).TotalSeconds;
        Assert.True(rate >= 200, $"only {rate:0} requests/s around the bad write");
        var metrics = await gateway.Management.GetStringAsync("metrics", TestContext.Current.CancellationToken);
        Assert.Equal(1, Exposition.Value(metrics, "strangler_gateway_config_reloads_total", "result=\"rejected\""));
        Assert.Equal(0, Exposition.Value(metrics, "strangler_gateway_config_valid", null));
        Assert.Equal(revision, status.GetProperty("revision").GetString());
        Assert.Equal(1, status.GetProperty("reloads_rejected").GetInt64());
        var error = status.GetProperty("config_error").GetProperty("errors")[0];
        Assert.EndsWith("rollout.json", error.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.True(error.GetProperty("column").GetInt32() >= 1);
        if (line > 0)
        {
            Assert.Equal(line, error.GetProperty("line").GetInt32());
        }

        // Fixing the file clears the error.
        await gateway.ReplaceRolloutAsync(good.Replace("\"stage\": \"full\"", "\"stage\": \"complete\"", StringComparison.Ordinal));
        await gateway.WaitForStatusAsync(s => s.GetProperty("config_error").ValueKind == JsonValueKind.Null, "the error to clear", Settle);
    }

    [Fact]
    public async Task A_burst_of_writes_applies_once_with_the_final_content_and_a_touch_applies_nothing()
    {
        await using var gateway = await RunningGateway.StartAsync(
            backends.Rollout(RolloutFile.Restaurants("disabled", 0)).ToJson(),
            new Dictionary<string, string?> { ["Gateway:ReloadPollInterval"] = "00:00:00.05" });
        for (var p = 1; p <= 5; p++)
        {
            await gateway.WriteRolloutInPlaceAsync(backends.Rollout(RolloutFile.Restaurants("partial", p * 10)).ToJson());
        }

        var status = await gateway.WaitForStatusAsync(
            s => s.GetProperty("features")[0].GetProperty("desired").GetProperty("percentage").GetDecimal() == 50,
            "the final content to apply", Settle);
        Assert.Equal(2, status.GetProperty("reloads_applied").GetInt64());

        File.SetLastWriteTimeUtc(gateway.RolloutPath, DateTime.UtcNow.AddMinutes(1));
        await gateway.ReplaceRolloutAsync(await File.ReadAllTextAsync(gateway.RolloutPath, TestContext.Current.CancellationToken));

        // Asserting that nothing happens needs time to pass: well beyond the debounce and twenty polls.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        await Eventually.HoldsAsync(() => DateTime.UtcNow >= until, "twenty poll intervals", Settle);
        var unchanged = await gateway.StatusAsync();
        Assert.Equal(2, unchanged.GetProperty("reloads_applied").GetInt64());
        Assert.Equal(0, unchanged.GetProperty("reloads_rejected").GetInt64());
    }

    [Fact]
    public async Task A_poll_reads_the_file_when_its_size_or_time_changed_and_at_least_every_thirty_seconds_when_neither_did()
    {
        // A reloader of the running gateway on a file in a directory nobody watches, polled by hand:
        // what a file system that delivers no events leaves to the poll.
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("disabled", 0)).ToJson());
        var runtime = gateway.Service<Strangler.Gateway.State.RolloutRuntime>();
        var reloader = new Strangler.Gateway.Rollout.RolloutReloader(
            runtime,
            TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new Strangler.Gateway.Hosting.GatewayOptions { ReloadPollInterval = TimeSpan.FromSeconds(10) }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Strangler.Gateway.Rollout.RolloutReloader>.Instance);
        var directory = Directory.CreateTempSubdirectory("strangler-poll-").FullName;
        var path = Path.Combine(directory, "rollout.json");
        var ct = TestContext.Current.CancellationToken;
        decimal Percentage() => runtime.View.Features.Single().State.Percentage.Value;
        try
        {
            await File.WriteAllTextAsync(path, backends.Rollout(RolloutFile.Restaurants("partial", 10)).ToJson(), ct);
            Assert.True(await reloader.PollAsync(path, ct));
            Assert.Equal(10, Percentage());
            Assert.False(await reloader.PollAsync(path, ct)); // unchanged: not read

            // Same size and write time, other content: the next polls skip it until 30 s of polls (3 at 10 s) passed.
            var written = File.GetLastWriteTimeUtc(path);
            await File.WriteAllTextAsync(path, backends.Rollout(RolloutFile.Restaurants("partial", 20)).ToJson(), ct);
            File.SetLastWriteTimeUtc(path, written);
            Assert.False(await reloader.PollAsync(path, ct));
            Assert.Equal(10, Percentage());
            Assert.True(await reloader.PollAsync(path, ct));
            Assert.Equal(20, Percentage());

            // A new write time is read at the next poll, and a touch without new content applies nothing.
            await File.WriteAllTextAsync(path, backends.Rollout(RolloutFile.Restaurants("partial", 30)).ToJson(), ct);
            File.SetLastWriteTimeUtc(path, written.AddSeconds(5));
            Assert.True(await reloader.PollAsync(path, ct));
            Assert.Equal(30, Percentage());
            File.SetLastWriteTimeUtc(path, written.AddSeconds(9));
            Assert.False(await reloader.PollAsync(path, ct));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_feature_removed_from_the_file_leaves_no_guard_verdict_behind()
    {
        await using var gateway = await RunningGateway.StartAsync(
            backends.Rollout(RolloutFile.Restaurants("partial", 50), RolloutFile.Reviews("partial", 30)).ToJson());
        var board = gateway.Service<Strangler.Gateway.Guard.GuardBoard>();
        var reviews = (await gateway.StatusAsync()).GetProperty("features")[1].GetProperty("name").GetString()!;
        await Eventually.HoldsAsync(() => board.Get(reviews) is not null, "the guard to judge the second feature", Settle);

        await gateway.ReplaceRolloutAsync(backends.Rollout(RolloutFile.Restaurants("partial", 50)).ToJson());
        await gateway.WaitForStatusAsync(s => s.GetProperty("feature_count").GetInt32() == 1, "the one-feature file to apply", Settle);
        await Eventually.HoldsAsync(() => board.Get(reviews) is null, "the removed feature's verdict to go", Settle);
        Assert.NotNull(board.Get((await gateway.StatusAsync()).GetProperty("features")[0].GetProperty("name").GetString()!));
    }

    private static HttpRequestMessage Restaurants(string user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
        request.Headers.Add("X-User-Id", user);
        return request;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string oldPath, string newPath);

    private static int LineOf(string text, string fragment) =>
        text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
}
