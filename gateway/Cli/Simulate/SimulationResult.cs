using Strangler.Gateway.Guard;

namespace Strangler.Gateway.Cli.Simulate;

/// <summary>What the runs add up to: how many reverted, when (nearest-rank quantiles), by which rule first.</summary>
internal sealed record SimulationResult(
    int Runs,
    int RevertedRuns,
    double RevertProbability,
    double? TimeToRevertP50,
    double? TimeToRevertP95,
    int ReachedZeroRuns,
    double? TimeToZeroP50,
    double? TimeToZeroP95,
    IReadOnlyDictionary<string, int> Rules)
{
    public static SimulationResult From(RunResult[] runs)
    {
        var times = runs.Where(r => r.FirstRevertSecond is not null).Select(r => (double)r.FirstRevertSecond!.Value).Order().ToArray();
        var zeros = runs.Where(r => r.ZeroSecond is not null).Select(r => (double)r.ZeroSecond!.Value).Order().ToArray();
        var rules = Enum.GetValues<GuardRule>().ToDictionary(r => r.ToName(), r => runs.Count(x => x.Rule == r));
        return new SimulationResult(
            runs.Length,
            times.Length,
            runs.Length == 0 ? 0 : (double)times.Length / runs.Length,
            Quantile(times, 0.50),
            Quantile(times, 0.95),
            zeros.Length,
            Quantile(zeros, 0.50),
            Quantile(zeros, 0.95),
            rules);
    }

    /// <summary>An approximate upper 95 % bound of the revert probability (normal approximation; the rule of three when nothing reverted).</summary>
    public double RevertUpper95 => RevertedRuns == 0
        ? 3.0 / Runs
        : Math.Min(1, RevertProbability + (1.96 * Math.Sqrt(RevertProbability * (1 - RevertProbability) / Runs)));

    private static double? Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
