using System.Diagnostics;
using Strangler.Bucketing;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>The gateway binary as separate processes, the way replicas run in production.</summary>
public sealed class ProcessTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_gateway_processes_send_each_user_to_the_same_backend()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-proc-").FullName;
        var rollout = Path.Combine(directory, "rollout.json");
        await File.WriteAllTextAsync(rollout, backends.Rollout(RolloutFile.Restaurants("partial", 37.5m)).ToJson(), Ct);
        await using var first = await GatewayProcess.StartAsync(rollout, $"--Gateway:StateFile={Path.Combine(directory, "a.state.json")}");
        await using var second = await GatewayProcess.StartAsync(rollout, $"--Gateway:StateFile={Path.Combine(directory, "b.state.json")}");
        using var a = new HttpClient { BaseAddress = first.PublicAddress };
        using var b = new HttpClient { BaseAddress = second.PublicAddress };

        var onV4 = 0;
        for (var i = 0; i < 200; i++)
        {
            var user = $"replica-user-{i}";
            var fromA = await BackendAsync(a, user);
            var fromB = await BackendAsync(b, user);
            Assert.Equal(fromA, fromB);
            Assert.Equal(Bucket.Compute("strangler", user) < 3750 ? "v4" : "v3", fromA);
            onV4 += fromA == "v4" ? 1 : 0;
        }

        Assert.InRange(onV4, 40, 110);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Starting_with_an_invalid_file_exits_non_zero_listing_every_error()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-proc-").FullName;
        var rollout = Path.Combine(directory, "rollout.json");
        var invalid = backends.Rollout(RolloutFile.Restaurants("halfway", 150)).ToJson();
        await File.WriteAllTextAsync(rollout, invalid, Ct);

        var (code, stderr) = await RunToExitAsync($"--Gateway:RolloutFile={rollout}", "--Gateway:PublicUrls=http://127.0.0.1:0", "--Gateway:Management:Urls=http://127.0.0.1:0");

        Assert.Equal(1, code);
        Assert.Contains("unknown stage \"halfway\"", stderr, StringComparison.Ordinal);
        Assert.Contains("must be between 0 and 100", stderr, StringComparison.Ordinal);
        Assert.Contains("rollout.json:", stderr, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Starting_with_a_missing_file_or_bad_settings_exits_non_zero_naming_each_problem()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-dir-{Guid.NewGuid():N}", "rollout.json");
        var (code, stderr) = await RunToExitAsync($"--Gateway:RolloutFile={missing}", "--Gateway:PublicUrls=http://127.0.0.1:0", "--Gateway:Management:Urls=http://127.0.0.1:0");
        Assert.Equal(1, code);
        Assert.Contains(missing, stderr, StringComparison.Ordinal);
        Assert.Contains("file not found", stderr, StringComparison.Ordinal);

        (code, stderr) = await RunToExitAsync($"--Gateway:RolloutFile={missing}", "--Gateway:EventHistory=0", "--Gateway:GuardInterval=00:00:00", "--Gateway:Management:Urls=http://0.0.0.0:0");
        Assert.Equal(1, code);
        Assert.Contains("3 settings are invalid", stderr, StringComparison.Ordinal);
        Assert.Contains("Gateway:EventHistory is 0", stderr, StringComparison.Ordinal);
        Assert.Contains("Gateway:GuardInterval is 00:00:00", stderr, StringComparison.Ordinal);
        Assert.Contains("Gateway:Management:Token is empty", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_on_a_port_in_use_exits_1_naming_the_address_without_a_stack_trace()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-proc-").FullName;
        var rollout = Path.Combine(directory, "rollout.json");
        await File.WriteAllTextAsync(rollout, backends.Rollout().ToJson(), Ct);
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";

        var (code, stderr, stdout) = await RunToExitWithLogAsync($"--Gateway:RolloutFile={rollout}", $"--Gateway:PublicUrls={address}", "--Gateway:Management:Urls=http://127.0.0.1:0");

        Assert.Equal(1, code);
        Assert.Contains($"Failed to bind to address {address}: address already in use.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        // The log says why it stops, and no background loop that the failed start cancelled calls that its own failure.
        Assert.Contains("Hosting failed to start", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("BackgroundService failed", stdout, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<(int Code, string Stderr)> RunToExitAsync(params string[] arguments)
    {
        var (code, stderr, _) = await RunToExitWithLogAsync(arguments);
        return (code, stderr);
    }

    private static async Task<(int Code, string Stderr, string Stdout)> RunToExitWithLogAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(GatewayProcess.Binary);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stderr, await stdout);
    }

    [Fact]
    public async Task The_management_port_refuses_to_bind_beyond_loopback_without_a_token()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-proc-").FullName;
        var rollout = Path.Combine(directory, "rollout.json");
        await File.WriteAllTextAsync(rollout, backends.Rollout().ToJson(), Ct);
        var (code, stderr) = await RunToExitAsync($"--Gateway:RolloutFile={rollout}", "--Gateway:Management:Urls=http://0.0.0.0:0");

        Assert.Equal(1, code);
        Assert.Contains("Gateway:Management:Token", stderr, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<string> BackendAsync(HttpClient client, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
        request.Headers.Add("X-User-Id", user);
        using var response = await client.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Backend").Single();
    }
}
