using System.Diagnostics;
using System.Globalization;
using Strangler.Gateway.Guard.Statistics;
using Strangler.GuardCalibration;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var command = args.FirstOrDefault() ?? "help";
var runs = Option("--runs", 500);
var seed = (ulong)Option("--seed", 1);
var budget = AlphaBudget.Default;

switch (command)
{
    case "null":
        Null();
        break;
    case "boundary":
        Boundary();
        break;
    case "detection":
        Detection();
        break;
    case "acceptance":
        Acceptance();
        break;
    case "feasibility":
        FeasibilityBounds();
        break;
    case "profile":
        Profile.Run(Option("--rps", 20), 500_000);
        break;
    case "speed":
        Speed();
        break;
    default:
        Console.WriteLine("usage: null | boundary | detection [--absolute-only] | acceptance | feasibility | speed | profile [--rps R]  [--runs N] [--seed S]");
        break;
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

void Print(Scenario scenario, RunOutcome[] outcomes, TimeSpan elapsed, string extra = "")
{
    var s = Summary.Of(scenario, outcomes);
    Console.WriteLine(
        $"| {scenario.Name} | {s.Reverted}/{s.Runs} = {s.RevertProbability:P2} (≤ {s.RevertUpper95:P2}) | {Summary.Time(s.FirstP50)} | {Summary.Time(s.FirstP95)} | {Summary.Time(s.FirstP99)} | {s.Zeroed} | {Summary.Time(s.ZeroP50)} | {Summary.Time(s.ZeroP95)} | {s.Rules} | {extra}{(s.FalseBeforeFault > 0 ? $" {s.FalseBeforeFault} before the fault" : "")} | {elapsed.TotalSeconds:0.0} s |");
}

void Header() => Console.WriteLine(
    "| scenario | reverted (95 % upper) | first p50 | p95 | p99 | to 0 % | to 0 % p50 | p95 | first rule/test | notes | wall |\n|---|---|---|---|---|---|---|---|---|---|---|");

RunOutcome[] Simulate(Scenario scenario, out TimeSpan elapsed)
{
    var clock = Stopwatch.StartNew();
    var outcomes = Simulator.Run(scenario, seed, budget);
    elapsed = clock.Elapsed;
    return outcomes;
}

void Null()
{
    Header();
    foreach (var rps in new[] { 1.0, 5, 20, 200 })
    {
        foreach (var factor in new[] { 0.5, 0.8 })
        {
            var rate = 0.05 * factor;
            var scenario = new Scenario($"healthy {factor}× (v4 = v3 = {rate:P1}) at {rps} v4 req/s, 24 h", rps, rate, rate, 86_400, runs, StopAtFirstRevert: true);
            Print(scenario, Simulate(scenario, out var elapsed), elapsed);
        }
    }

    // The other rules at their null boundaries.
    var relative = new Scenario("relative boundary: v4 2 %, v3 1 %, δ 1 pp, 20 req/s, 24 h", 20, 0.02, 0.01, 86_400, runs, StopAtFirstRevert: true);
    Print(relative, Simulate(relative, out var e1), e1);
    var latency = new Scenario("p95 boundary: v4 p95 = 1048.6 ms (5.0 % slow), 20 req/s, 24 h", 20, 0.01, 0.01, 86_400, runs, V4P95Ms: SlowRequests.EffectiveThresholdMs(1000), StopAtFirstRevert: true);
    Print(latency, Simulate(latency, out var e2), e2);
}

void Boundary()
{
    // The warning error rule's worst case: v4 exactly at the threshold (v3 alike, so the relative rule is not at issue).
    Header();
    foreach (var rps in new[] { 1.0, 5, 20, 200 })
    {
        var scenario = new Scenario($"at the threshold (v4 = v3 = 5 %) at {rps} v4 req/s, 24 h", rps, 0.05, 0.05, 86_400, runs, StopAtFirstRevert: true);
        Print(scenario, Simulate(scenario, out var elapsed), elapsed);
    }
}

void Detection()
{
    var relative = !args.Contains("--absolute-only");
    Console.WriteLine(relative ? "Relative rule on (δ 1 pp), v3 at 0.5 %:" : "Absolute rules only (relative rule off), v3 at 0.5 %:");
    Header();
    foreach (var start in new[] { 0, 6 * 3600 })
    {
        foreach (var rps in new[] { 1.0, 5, 20, 200 })
        {
            foreach (var (label, fault) in new[] { ("1.5×", 0.075), ("2×", 0.10), ("5×", 0.25), ("30 %", 0.30) })
            {
                var watch = start + (rps <= 1 ? 6 * 3600 : 2 * 3600);
                var scenario = new Scenario(
                    $"{label} from {(start == 0 ? "start" : "6 h")} at {rps} req/s",
                    rps,
                    0.005,
                    0.005,
                    watch,
                    start == 0 ? runs : Math.Max(100, runs / 5),
                    FaultErrorRate: fault,
                    FaultStartSecond: start,
                    MarginPercentagePoints: relative ? 1 : null);
                var outcomes = Simulate(scenario, out var elapsed);
                Print(scenario, outcomes, elapsed, $"≤60 s {Summary.Within(outcomes, 60, false):P1}");
            }
        }

        foreach (var rps in new[] { 1.0, 5, 20 })
        {
            var scenario = new Scenario(
                $"p95 100 ms → 1500 ms from {(start == 0 ? "start" : "6 h")} at {rps} req/s",
                rps,
                0.005,
                0.005,
                start + (2 * 3600),
                start == 0 ? runs : Math.Max(100, runs / 5),
                FaultStartSecond: start,
                FaultP95Ms: 1500,
                MarginPercentagePoints: relative ? 1 : null);
            var outcomes = Simulate(scenario, out var elapsed);
            Print(scenario, outcomes, elapsed, $"≤60 s {Summary.Within(outcomes, 60, false):P1}");
        }
    }
}

void Acceptance()
{
    Header();
    foreach (var margin in new double?[] { 1, null })
    {
        foreach (var rps in new[] { 5.0, 10, 15, 20, 25, 30 })
        {
            var a = new Scenario($"A: 2× (10 %) at {rps} req/s, v3 0.5 %, {(margin is null ? "absolute rules only" : "relative on")}", rps, 0.005, 0.005, 600, runs * 4, FaultErrorRate: 0.10, MarginPercentagePoints: margin);
            var outcomes = Simulate(a, out var elapsed);
            Print(a, outcomes, elapsed, $"reverted ≤ 60 s: {Summary.Within(outcomes, 60, false):P1}");
        }
    }

    foreach (var margin in new double?[] { 1, null })
    {
        foreach (var keep in new[] { true, false })
        {
            var b = new Scenario($"B: 30 % at 8 req/s, critical evidence {(keep ? "kept" : "reset")} on a warning revert, {(margin is null ? "absolute rules only" : "relative on")}", 8, 0.005, 0.005, 600, runs * 4, FaultErrorRate: 0.30, KeepCriticalEvidence: keep, MarginPercentagePoints: margin);
            var outcomes = Simulate(b, out var elapsed);
            Print(b, outcomes, elapsed, $"0 % ≤ 15 s: {Summary.Within(outcomes, 15, true):P1}");
        }
    }

    foreach (var margin in new[] { 1.0, 1.5, 2.0 })
    {
        var c = new Scenario($"C: v4 4 %, v3 1 %, δ {margin} pp, 20 req/s", 20, 0.04, 0.01, 1200, runs * 4, MarginPercentagePoints: margin);
        var outcomes = Simulate(c, out var elapsed);
        Print(c, outcomes, elapsed, $"≤ 120 s: {Summary.Within(outcomes, 120, false):P1}");
    }
}

void FeasibilityBounds()
{
    Console.WriteLine("Most powerful level-α test (exact binomial; Poisson arrivals), any test, one look at the deadline:");
    foreach (var alpha in new[] { 0.01, 0.005, 0.0025 })
    {
        Console.WriteLine($"α = {alpha}:");
        Console.WriteLine($"  A 5 % vs 10 %, 99 % power: n ≥ {Feasibility.MinimumRequests(0.05, 0.10, alpha, 0.99)}; in 60 s from {Feasibility.MinimumRate(60, 0.05, 0.10, alpha, 0.99)} req/s; power at 5 req/s: {Feasibility.PoissonPower(300, 0.05, 0.10, alpha):P1}");
        Console.WriteLine($"  B 10 % vs 30 %, 95 % power: n ≥ {Feasibility.MinimumRequests(0.10, 0.30, alpha, 0.95)}; in 15 s from {Feasibility.MinimumRate(15, 0.10, 0.30, alpha, 0.95)} req/s");
        Console.WriteLine($"  B' 5 % vs 30 % (the warning rule), 95 % power: n ≥ {Feasibility.MinimumRequests(0.05, 0.30, alpha, 0.95)}");
        foreach (var margin in new[] { 0.01, 0.015, 0.02 })
        {
            Console.WriteLine($"  C v4 4 % vs ≤ v3 1 % + {margin * 100} pp (v3 known), 95 % power: n ≥ {Feasibility.MinimumRequests(0.01 + margin, 0.04, alpha, 0.95)}; in 120 s from {Feasibility.MinimumRate(120, 0.01 + margin, 0.04, alpha, 0.95)} req/s");
        }
    }
}

void Speed()
{
    Header();
    foreach (var rps in new[] { 1.0, 20, 200 })
    {
        var scenario = new Scenario($"speed: healthy 0.8× at {rps} req/s, 24 h × {runs} runs (no early stop)", rps, 0.04, 0.04, 86_400, runs);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var outcomes = Simulate(scenario, out var elapsed);
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Print(scenario, outcomes, elapsed, $"{used.TotalSeconds:0.0} CPU-s, {used.TotalSeconds * 1e9 / (86_400.0 * runs):0} ns CPU per simulated second ({Environment.ProcessorCount} cores, wall depends on the machine's load)");
    }
}
