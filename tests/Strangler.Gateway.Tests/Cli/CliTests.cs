using System.Diagnostics;
using System.Text.Json;
using Strangler.Gateway.Cli;
using Strangler.Gateway.Tests.EndToEnd;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.Gateway.Tests.Rollout;

namespace Strangler.Gateway.Tests.Cli;

/// <summary>The gateway binary's commands, run in process and as the built binary, against a running gateway.</summary>
public sealed class CliTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private const string Token = "cli-test-token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Validate_exits_0_for_a_valid_file_and_1_listing_errors_for_an_invalid_one()
    {
        var (code, output, _) = await RunAsync("validate", Path.Combine(RolloutFileLoaderTests.RepoRoot(), "rollout.json"));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(": OK (revision ", output, StringComparison.Ordinal);

        var bad = Path.Combine(Directory.CreateTempSubdirectory("strangler-cli-").FullName, "rollout.json");
        await File.WriteAllTextAsync(bad, RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"sideways\", \"percentage\": 101")), Ct);
        (code, output, _) = await RunAsync("validate", bad);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Matches(@"rollout\.json:\d+:\d+: error: \$\.features\.api_v4_restaurants\.stage: unknown stage", output);
        Assert.Matches(@"rollout\.json:\d+:\d+: error: \$\.features\.api_v4_restaurants\.percentage: must be between 0 and 100", output);
        Assert.Contains("INVALID (2 errors", output, StringComparison.Ordinal);

        (code, output, _) = await RunAsync("validate", bad, "--json");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("errors").GetArrayLength());

        (code, _, var error) = await RunAsync("validate");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Required argument missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_commands_work_against_a_running_gateway()
    {
        await using var gateway = await RunningGateway.StartAsync(
            backends.Rollout(RolloutFile.Restaurants("partial", 10)).ToJson(),
            new Dictionary<string, string?> { ["Gateway:Management:Token"] = Token });
        var url = gateway.App.ManagementAddress.ToString();

        var (code, output, _) = await RunAsync("status", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Matches(@"api_v4_restaurants\s+partial 10%\s+partial 10%\s+file", output);

        (code, output, _) = await RunAsync("force", "api_v4_restaurants", "42.5", "--reason", "canary", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("partial 42.5% (forced)", output, StringComparison.Ordinal);
        Assert.EndsWith("canary" + Environment.NewLine, output, StringComparison.Ordinal);

        (code, output, _) = await RunAsync("pause", "api_v4_restaurants", "--url", url, "--token", Token, "--json");
        Assert.Equal(ExitCodes.Success, code);
        Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("paused").GetBoolean());

        (code, output, _) = await RunAsync("events", "--feature", "api_v4_restaurants", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("force 10% -> 42.5% by ", output, StringComparison.Ordinal);
        Assert.Contains("(cli): canary", output, StringComparison.Ordinal);

        (code, output, _) = await RunAsync("rollback-all", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("disabled 0% (rolled_back", output, StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, output, StringComparison.Ordinal);

        (code, output, _) = await RunAsync("resume", "api_v4_restaurants", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("partial 10% (file)", output, StringComparison.Ordinal);

        (code, _, var error) = await RunAsync("force", "api_v4_restaurants", "101", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("400", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("force", "api_v4_nope", "5", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("unknown feature", error, StringComparison.Ordinal);

        // The restaurants feature has no shadow configuration: /admin/shadow's 404 is the answer.
        (code, output, error) = await RunAsync("diffs", "api_v4_restaurants", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Empty(output);
        Assert.StartsWith("404 NotFound", error, StringComparison.Ordinal);

        (code, _, _) = await RunAsync("diffs", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Usage, code);

        (code, _, error) = await RunAsync("status", "--url", url, "--token", "wrong");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("401", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("status", "--url", $"http://127.0.0.1:{Strangler.TestSupport.Net.FreePort.Next()}", "--timeout", "2");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("cannot reach", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("force", "api_v4_restaurants");
        Assert.Equal(ExitCodes.Usage, code);
    }

    [Fact]
    public async Task The_built_binary_reports_the_same_exit_codes_and_reads_url_and_token_from_the_environment()
    {
        await using var gateway = await RunningGateway.StartAsync(
            backends.Rollout(RolloutFile.Restaurants("testing", 0)).ToJson(),
            new Dictionary<string, string?> { ["Gateway:Management:Token"] = Token });

        var ok = await RunBinaryAsync(new() { ["STRANGLER_ADMIN_URL"] = gateway.App.ManagementAddress.ToString(), ["STRANGLER_ADMIN_TOKEN"] = Token }, "status", "--json");
        Assert.Equal(0, ok.Code);
        Assert.Equal("testing", JsonDocument.Parse(ok.Output).RootElement.GetProperty("features")[0].GetProperty("effective").GetProperty("stage").GetString());

        var denied = await RunBinaryAsync(new() { ["STRANGLER_ADMIN_URL"] = gateway.App.ManagementAddress.ToString() }, "status");
        Assert.Equal(1, denied.Code);

        var invalid = await RunBinaryAsync([], "validate", "/nonexistent/rollout.json");
        Assert.Equal(1, invalid.Code);
        Assert.Contains("file not found", invalid.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stauts", "unknown command 'stauts'. Did you mean 'status'?")]
    [InlineData("rollback", "unknown command 'rollback'. Did you mean 'rollback-all'?")]
    [InlineData("rollout.json", "unknown command 'rollout.json'.")]
    [InlineData("-v", "unexpected argument '-v'.")]
    [InlineData("--Gateway:RolloutFile=rollout.json stauts", "unexpected argument 'stauts'. Did you mean 'status'?")]
    [InlineData("--Gateway:RolloutFile=rollout.json status", "the command 'status' must come first")]
    public async Task Anything_that_is_neither_a_command_nor_a_setting_lists_the_commands_and_exits_2(string arguments, string expected)
    {
        var args = arguments.Split(' ');
        Assert.True(GatewayCli.IsCommand(args), "would start the server");
        var (code, output, error) = await RunAsync(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.StartsWith("gateway: " + expected, error, StringComparison.Ordinal);
        foreach (var command in new[] { "validate", "simulate", "status", "events", "diffs", "force", "pause", "resume", "rollback-all" })
        {
            Assert.Matches($@"(?m)^  {command}\s+\S", error);
        }
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("help status")]
    public async Task Help_prints_usage_and_exits_0(string arguments)
    {
        var (code, output, error) = await RunAsync(arguments.Split(' '));
        Assert.Equal(ExitCodes.Success, code);
        Assert.True(output.Contains("Usage:", StringComparison.Ordinal), $"[{output}] [{error}]");
        // The root command is named after the running executable (the test host here, gateway in production).
        Assert.Contains(arguments.EndsWith("status", StringComparison.Ordinal) ? " status [options]" : " [command] [options]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Gateway:RolloutFile=/etc/strangler/rollout.json")]
    [InlineData("--Gateway:RolloutFile /etc/strangler/rollout.json --Gateway:PublicUrls=http://0.0.0.0:8080")]
    [InlineData("/Gateway:RolloutFile=rollout.json Gateway:Observe=false")]
    [InlineData("--environment Production")]
    public void Settings_start_the_server(string arguments)
    {
        Assert.False(GatewayCli.IsCommand(arguments.Split(' ')));
    }

    [Fact]
    public async Task The_built_binary_exits_2_on_an_unknown_command_instead_of_starting_a_server()
    {
        var rollout = Path.Combine(Directory.CreateTempSubdirectory("strangler-cli-").FullName, "rollout.json");
        await File.WriteAllTextAsync(rollout, backends.Rollout().ToJson(), Ct);
        var port = Strangler.TestSupport.Net.FreePort.Next();
        var run = await RunBinaryAsync([], "stauts", $"--Gateway:RolloutFile={rollout}", $"--Gateway:PublicUrls=http://127.0.0.1:{port}", "--Gateway:Management:Urls=http://127.0.0.1:0");
        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains("unknown command 'stauts'. Did you mean 'status'?", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diffs_shows_a_shadowed_features_parity_its_top_path_and_the_latest_samples()
    {
        await using var shadowed = await ShadowedGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:Management:Token"] = Token });
        var url = shadowed.Gateway.App.ManagementAddress.ToString();

        var (code, output, _) = await RunAsync("diffs", "api_v4_restaurants", "--limit", "3", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("comparisons 80: 40 match, 40 diff", output, StringComparison.Ordinal);
        Assert.Contains("parity failing", output, StringComparison.Ordinal);
        Assert.Contains("$.name", output, StringComparison.Ordinal);
        Assert.Contains("GET /api/restaurants/80", output, StringComparison.Ordinal);
        Assert.Contains("$.name: v3 \"Restaurant 80\", v4 \"Restaurant #80\"", output, StringComparison.Ordinal);
        Assert.Equal(3, output.Split('\n').Count(line => line.Contains(" GET /api/restaurants/", StringComparison.Ordinal)));

        (code, output, _) = await RunAsync("diffs", "api_v4_restaurants", "--limit", "5", "--json", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Success, code);
        var samples = JsonDocument.Parse(output).RootElement.GetProperty("samples");
        Assert.Equal(5, samples.GetArrayLength());
        Assert.All(samples.EnumerateArray(), s => Assert.Equal("diff", s.GetProperty("result").GetString()));

        (code, _, var error) = await RunAsync("diffs", "api_v4_restaurants", "--limit", "101", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("limit must be an integer between 1 and 100", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("diffs", "api_v4_nope", "--url", url, "--token", Token);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("unknown feature 'api_v4_nope'", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GatewayCli.RunAsync(args, output, error, Ct);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<(int Code, string Output)> RunBinaryAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(GatewayProcess.Binary);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"gateway {string.Join(' ', args)} was still running after a minute (it started a server?)");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
