using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Strangler.Bucketing;
using Strangler.Gateway.Rollout.Loading;

namespace Strangler.Gateway.Cli.Simulate;

/// <summary><c>gateway simulate</c>: what the configured guard does to a feature on synthetic traffic, measured over many runs.</summary>
internal static class SimulateCommand
{
    private const string Sequential = "sequential";
    private const string Windowed = "windowed";

    public static Command Create()
    {
        var rollout = new Option<FileInfo>("--rollout") { Description = "The rollout file whose guard settings apply", Required = true };
        var feature = new Option<string>("--feature") { Description = "The feature to simulate at its percentage in the file", Required = true };
        var v4Error = new Option<double>("--v4-error-rate") { Description = "v4's true error rate, e.g. 0.04", Required = true };
        var v3Error = new Option<double>("--v3-error-rate") { Description = "v3's true error rate, e.g. 0.01", Required = true };
        var v4Rps = new Option<double>("--v4-rps") { Description = "v4 requests per second at the feature's percentage", Required = true };
        var v3Rps = new Option<double>("--v3-rps") { Description = "v3 requests per second of the feature at its percentage", Required = true };
        var v4P95 = new Option<double>("--v4-p95-ms") { Description = "v4's true p95 in milliseconds (log-normal latency)", DefaultValueFactory = _ => 100 };
        var v3P95 = new Option<double>("--v3-p95-ms") { Description = "v3's true p95 in milliseconds", DefaultValueFactory = _ => 100 };
        var duration = new Option<string>("--duration") { Description = "Simulated time per run, e.g. 24h, 10m", DefaultValueFactory = _ => "24h" };
        var healthyFor = new Option<string>("--v4-healthy-for")
        {
            Description = "v4 has v3's error rate and p95 for this long first (a fault that begins after healthy traffic), e.g. 60s; times count from the start",
            DefaultValueFactory = _ => "0s",
        };
        var runs = new Option<int>("--runs") { Description = "Independent runs", DefaultValueFactory = _ => 500 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed gives the same result", DefaultValueFactory = _ => 1 };
        var guard = new Option<string>("--guard")
        {
            Description = "The guard to run: sequential (today's) or windowed (the guard before the sequential rules, error-rate rules only, for comparison)",
            DefaultValueFactory = _ => Sequential,
        };
        guard.AcceptOnlyFromAmong(Sequential, Windowed);
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("simulate", "Measure what the configured guard does to a feature on synthetic traffic: revert probability, time to revert, rules")
        {
            rollout, feature, v4Error, v3Error, v4Rps, v3Rps, v4P95, v3P95, duration, healthyFor, runs, seed, guard, json,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!Duration.TryParse(parse.GetValue(duration)!, out var length) || length < TimeSpan.FromSeconds(1))
            {
                error.WriteLine($"gateway simulate: --duration must be a duration such as 24h or 90s (got \"{parse.GetValue(duration)}\").");
                return ExitCodes.Usage;
            }

            if (!Duration.TryParse(parse.GetValue(healthyFor)!, out var healthy) || healthy >= length)
            {
                error.WriteLine($"gateway simulate: --v4-healthy-for must be a duration shorter than --duration, such as 60s or 0s (got \"{parse.GetValue(healthyFor)}\").");
                return ExitCodes.Usage;
            }

            var scenario = new SimulationScenario(
                parse.GetValue(v4Error), parse.GetValue(v3Error), parse.GetValue(v4Rps), parse.GetValue(v3Rps),
                parse.GetValue(v4P95), parse.GetValue(v3P95), (long)length.TotalSeconds, parse.GetValue(runs), parse.GetValue(seed),
                parse.GetValue(guard) == Windowed ? SimulatedGuard.Windowed : SimulatedGuard.Sequential,
                (long)healthy.TotalSeconds);
            return Run(parse.GetRequiredValue(rollout), parse.GetRequiredValue(feature), scenario, parse.GetValue(json), parse.InvocationConfiguration.Output, error);
        });
        return command;
    }

    public static int Run(FileInfo file, string featureName, SimulationScenario scenario, bool json, TextWriter output, TextWriter error)
    {
        if (Problem(scenario) is { } problem)
        {
            error.WriteLine($"gateway simulate: {problem}.");
            return ExitCodes.Usage;
        }

        var loaded = RolloutFileLoader.Load(file.FullName);
        if (!loaded.IsValid)
        {
            error.WriteLine($"gateway simulate: {file} is invalid; run 'gateway validate {file}' for its errors.");
            return ExitCodes.Failure;
        }

        if (!loaded.Snapshot!.FeaturesByName.TryGetValue(featureName, out var feature))
        {
            error.WriteLine($"gateway simulate: {file} has no feature '{featureName}' (it has: {string.Join(", ", loaded.Snapshot.FeaturesByName.Keys.Order(StringComparer.Ordinal))}).");
            return ExitCodes.Usage;
        }

        if (feature.Percentage.Value is <= 0 or > 100 || feature.Stage is not (RolloutStage.Partial or RolloutStage.Full))
        {
            error.WriteLine($"gateway simulate: feature '{featureName}' is at stage {feature.Stage.ToName()}, {feature.Percentage} %: the guard watches only partial or full features with v4 traffic.");
            return ExitCodes.Failure;
        }

        var clock = Stopwatch.StartNew();
        var result = GuardSimulation.Run(feature, scenario);
        var elapsed = clock.Elapsed;
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(
                new Dictionary<string, object?>
                {
                    ["guard"] = Name(scenario.Guard),
                    ["runs"] = result.Runs,
                    ["reverted_runs"] = result.RevertedRuns,
                    ["revert_probability"] = result.RevertProbability,
                    ["revert_probability_upper_95"] = result.RevertUpper95,
                    ["time_to_revert_s"] = new Dictionary<string, double?> { ["p50"] = result.TimeToRevertP50, ["p95"] = result.TimeToRevertP95 },
                    ["zero_runs"] = result.ReachedZeroRuns,
                    ["time_to_zero_s"] = new Dictionary<string, double?> { ["p50"] = result.TimeToZeroP50, ["p95"] = result.TimeToZeroP95 },
                    ["rules"] = result.Rules.Where(r => r.Value > 0).ToDictionary(),
                    ["elapsed_s"] = Math.Round(elapsed.TotalSeconds, 2),
                },
                CliOutput.Json));
            return ExitCodes.Success;
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{featureName} at {feature.Percentage} %: v4 {scenario.V4RequestsPerSecond} req/s at {scenario.V4ErrorRate:P2} errors, p95 {scenario.V4P95Ms} ms; v3 {scenario.V3RequestsPerSecond} req/s at {scenario.V3ErrorRate:P2}, p95 {scenario.V3P95Ms} ms; {(scenario.V4HealthySeconds > 0 ? $"v4 healthy for the first {Duration.Format(TimeSpan.FromSeconds(scenario.V4HealthySeconds))}; " : string.Empty)}{Duration.Format(TimeSpan.FromSeconds(scenario.DurationSeconds))} x {scenario.Runs} runs, seed {scenario.Seed}, {Name(scenario.Guard)} guard"));
        output.WriteLine(string.Create(c, $"reverted: {result.RevertedRuns}/{result.Runs} = {result.RevertProbability:P2} (95 % upper bound {result.RevertUpper95:P2})"));
        output.WriteLine($"time to first revert: p50 {Seconds(result.TimeToRevertP50)}, p95 {Seconds(result.TimeToRevertP95)}");
        output.WriteLine($"reached 0 %: {result.ReachedZeroRuns} runs; time to 0 %: p50 {Seconds(result.TimeToZeroP50)}, p95 {Seconds(result.TimeToZeroP95)}");
        output.WriteLine("first revert by rule: " + (result.RevertedRuns == 0 ? "none" : string.Join(", ", result.Rules.Where(r => r.Value > 0).Select(r => $"{r.Key} {r.Value}"))));
        output.WriteLine(string.Create(c, $"simulated in {elapsed.TotalSeconds:0.0} s"));
        return ExitCodes.Success;
    }

    private static string? Problem(SimulationScenario s) =>
        s.V4ErrorRate is < 0 or > 1 ? $"--v4-error-rate must be between 0 and 1 (got {s.V4ErrorRate})"
        : s.V3ErrorRate is < 0 or > 1 ? $"--v3-error-rate must be between 0 and 1 (got {s.V3ErrorRate})"
        : s.V4RequestsPerSecond is <= 0 or > 1_000_000 ? $"--v4-rps must be above 0 and at most 1000000 (got {s.V4RequestsPerSecond})"
        : s.V3RequestsPerSecond is < 0 or > 1_000_000 ? $"--v3-rps must be between 0 and 1000000 (got {s.V3RequestsPerSecond})"
        : s.V4P95Ms <= 0 || s.V3P95Ms <= 0 ? "--v4-p95-ms and --v3-p95-ms must be above 0"
        : s.Runs is < 1 or > 1_000_000 ? $"--runs must be between 1 and 1000000 (got {s.Runs})"
        : null;

    private static string Name(SimulatedGuard guard) => guard == SimulatedGuard.Windowed ? Windowed : Sequential;

    private static string Seconds(double? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0} s") : "-";
}
