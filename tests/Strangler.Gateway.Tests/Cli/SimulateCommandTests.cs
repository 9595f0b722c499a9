using System.Text.Json;
using Strangler.Gateway.Cli;
using Strangler.Gateway.Tests.Rollout;

namespace Strangler.Gateway.Tests.Cli;

/// <summary>
/// <c>gateway simulate</c> on the repository's rollout.json (api_v4_restaurants at 10 %: warning
/// 5 %, critical 10 %), few short runs with a fixed seed so the figures are the same every time.
/// </summary>
public sealed class SimulateCommandTests
{
    private static readonly string Rollout = Path.Combine(RolloutFileLoaderTests.RepoRoot(), "rollout.json");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_clearly_failing_v4_reverts_to_zero_in_every_run_within_seconds()
    {
        var (code, output, error) = await SimulateAsync("--v4-error-rate", "0.3", "--v3-error-rate", "0.01", "--v4-rps", "200", "--v3-rps", "1800", "--duration", "10m", "--runs", "20", "--seed", "7", "--json");

        Assert.True(code == ExitCodes.Success, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("sequential", json.GetProperty("guard").GetString());
        Assert.Equal(20, json.GetProperty("runs").GetInt32());
        Assert.Equal(20, json.GetProperty("reverted_runs").GetInt32());
        Assert.Equal(1.0, json.GetProperty("revert_probability").GetDouble());
        Assert.Equal(20, json.GetProperty("zero_runs").GetInt32());
        var p50 = json.GetProperty("time_to_revert_s").GetProperty("p50").GetDouble();
        var p95 = json.GetProperty("time_to_revert_s").GetProperty("p95").GetDouble();
        Assert.InRange(p50, 1, p95);
        Assert.InRange(p95, p50, 5);
        Assert.InRange(json.GetProperty("time_to_zero_s").GetProperty("p95").GetDouble(), p95, 5);
        // 30 % at 200 req/s is three times the critical threshold: the critical rule reverts first, to 0 %.
        var rules = json.GetProperty("rules");
        Assert.Equal(20, rules.GetProperty("critical-error-rate").GetInt32());
        Assert.Single(rules.EnumerateObject());
    }

    [Fact]
    public async Task A_clearly_healthy_v4_never_reverts()
    {
        var (code, output, error) = await SimulateAsync("--v4-error-rate", "0.01", "--v3-error-rate", "0.01", "--v4-rps", "20", "--v3-rps", "180", "--duration", "1h", "--runs", "20", "--seed", "7", "--json");

        Assert.True(code == ExitCodes.Success, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(20, json.GetProperty("runs").GetInt32());
        Assert.Equal(0, json.GetProperty("reverted_runs").GetInt32());
        Assert.Equal(0.0, json.GetProperty("revert_probability").GetDouble());
        Assert.Equal(3.0 / 20, json.GetProperty("revert_probability_upper_95").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("time_to_revert_s").GetProperty("p50").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("time_to_revert_s").GetProperty("p95").ValueKind);
        Assert.Equal(0, json.GetProperty("zero_runs").GetInt32());
        Assert.Empty(json.GetProperty("rules").EnumerateObject());
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_figures_and_another_seed_other_ones()
    {
        string[] args = ["--v4-error-rate", "0.1", "--v3-error-rate", "0.01", "--v4-rps", "5", "--v3-rps", "45", "--duration", "10m", "--runs", "40", "--json"];
        var first = Figures((await SimulateAsync([.. args, "--seed", "3"])).Output);
        var again = Figures((await SimulateAsync([.. args, "--seed", "3"])).Output);
        var other = Figures((await SimulateAsync([.. args, "--seed", "4"])).Output);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task The_windowed_guard_reverts_a_healthy_v4_at_low_traffic_that_the_sequential_one_keeps()
    {
        // 4 % errors (0.8 x the 5 % threshold) at 1 req/s: a 60-request window often shows 6 errors or more.
        string[] args = ["--v4-error-rate", "0.04", "--v3-error-rate", "0.04", "--v4-rps", "1", "--v3-rps", "9", "--duration", "6h", "--runs", "20", "--seed", "5", "--json"];
        var windowed = JsonDocument.Parse((await SimulateAsync([.. args, "--guard", "windowed"])).Output).RootElement;
        var sequential = JsonDocument.Parse((await SimulateAsync(args)).Output).RootElement;

        Assert.Equal("windowed", windowed.GetProperty("guard").GetString());
        Assert.Equal(20, windowed.GetProperty("reverted_runs").GetInt32());
        Assert.Equal(20, windowed.GetProperty("rules").GetProperty("warning-error-rate").GetInt32());
        Assert.Equal(0, sequential.GetProperty("reverted_runs").GetInt32());
    }

    [Fact]
    public async Task A_fault_after_a_healthy_minute_is_reverted_after_it_and_reaches_zero_sooner_with_the_sequential_guard()
    {
        // The README walk-through: 30 % errors at about 8 v4 req/s, after a healthy minute, 20 s to look.
        string[] args = ["--v4-error-rate", "0.3", "--v3-error-rate", "0.01", "--v4-rps", "8", "--v3-rps", "72", "--v4-healthy-for", "60s", "--duration", "80s", "--runs", "100", "--seed", "2", "--json"];
        var sequential = JsonDocument.Parse((await SimulateAsync(args)).Output).RootElement;
        var windowed = JsonDocument.Parse((await SimulateAsync([.. args, "--guard", "windowed"])).Output).RootElement;

        Assert.InRange(sequential.GetProperty("time_to_revert_s").GetProperty("p50").GetDouble(), 61, 80);
        Assert.True(
            sequential.GetProperty("zero_runs").GetInt32() > windowed.GetProperty("zero_runs").GetInt32(),
            $"{sequential.GetProperty("zero_runs")} vs {windowed.GetProperty("zero_runs")} runs at 0 %");
    }

    [Fact]
    public async Task The_text_output_names_the_scenario_and_the_figures()
    {
        var (code, output, _) = await SimulateAsync("--v4-error-rate", "0.3", "--v3-error-rate", "0.01", "--v4-rps", "200", "--v3-rps", "1800", "--duration", "10m", "--runs", "10", "--seed", "7");

        Assert.Equal(ExitCodes.Success, code);
        Assert.StartsWith("api_v4_restaurants at 10 %: v4 200 req/s at 30.00 % errors", output, StringComparison.Ordinal);
        Assert.Contains("10m x 10 runs, seed 7, sequential guard", output, StringComparison.Ordinal);
        Assert.Contains("reverted: 10/10 = 100.00 %", output, StringComparison.Ordinal);
        Assert.Contains("first revert by rule: critical-error-rate 10", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--v4-rps", "--v4-rps")]
    [InlineData("--feature", "--feature")]
    [InlineData("--rollout", "--rollout")]
    public async Task A_missing_required_option_exits_2_naming_it(string left, string named)
    {
        var args = new List<string>(FullArguments());
        var at = args.IndexOf(left);
        args.RemoveRange(at, 2);

        var (code, output, error) = await RunAsync([.. args]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Contains($"Option '{named}' is required.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--v4-rate", "'--v4-rate'")]
    [InlineData("--guard wilson", "'wilson'")]
    [InlineData("--duration forever", "--duration must be a duration")]
    [InlineData("--v4-error-rate 1.5", "--v4-error-rate must be between 0 and 1")]
    [InlineData("--runs 0", "--runs must be between 1 and 1000000")]
    [InlineData("--runs 3 --runs 4", "Option '--runs' expects a single argument")]
    [InlineData("--v4-healthy-for 1m", "--v4-healthy-for must be a duration shorter than --duration")]
    public async Task A_bad_option_exits_2_naming_it(string change, string named)
    {
        var args = new List<string>(FullArguments());
        var words = change.Split(' ');
        var at = args.IndexOf(words[0]);
        if (at >= 0)
        {
            args.RemoveRange(at, 2); // the bad value replaces the good one
        }

        var (code, output, error) = await RunAsync([.. args, .. words]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_feature_exits_2_listing_the_features()
    {
        var args = FullArguments();
        args[Array.IndexOf(args, "--feature") + 1] = "api_v4_nope";

        var (code, _, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("has no feature 'api_v4_nope' (it has: api_v4_restaurants, ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_option_and_exits_0()
    {
        var (code, output, _) = await RunAsync("simulate", "--help");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(" simulate [options]", output, StringComparison.Ordinal);
        foreach (var option in new[] { "--rollout", "--feature", "--v4-error-rate", "--v3-error-rate", "--v4-rps", "--v3-rps", "--v4-p95-ms", "--v3-p95-ms", "--duration", "--v4-healthy-for", "--runs", "--seed", "--guard", "--json" })
        {
            Assert.Matches($@"(?m)^  {option}\b", output);
        }
    }

    private static string[] FullArguments() =>
        ["simulate", "--rollout", Rollout, "--feature", "api_v4_restaurants", "--v4-error-rate", "0.01", "--v3-error-rate", "0.01", "--v4-rps", "5", "--v3-rps", "45", "--duration", "1m", "--runs", "2"];

    private static (int, long, double?, double?) Figures(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        var times = root.GetProperty("time_to_revert_s");
        return (root.GetProperty("reverted_runs").GetInt32(), root.GetProperty("zero_runs").GetInt64(), Number(times.GetProperty("p50")), Number(times.GetProperty("p95")));
    }

    private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    private static Task<(int Code, string Output, string Error)> SimulateAsync(params string[] args) =>
        RunAsync(["simulate", "--rollout", Rollout, "--feature", "api_v4_restaurants", .. args]);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GatewayCli.RunAsync(args, output, error, Ct);
        return (code, output.ToString(), error.ToString());
    }
}
