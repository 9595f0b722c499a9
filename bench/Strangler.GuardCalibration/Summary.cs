using System.Globalization;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Guard.Statistics;

namespace Strangler.GuardCalibration;

/// <summary>Figures over a scenario's runs: revert probability with its exact 95 % interval, time quantiles, rules.</summary>
internal sealed record Summary(
    int Runs,
    int Reverted,
    double RevertProbability,
    double RevertUpper95,
    int Zeroed,
    double? FirstP50,
    double? FirstP95,
    double? FirstP99,
    double? ZeroP50,
    double? ZeroP95,
    string Rules,
    int FalseBeforeFault)
{
    public static Summary Of(Scenario scenario, RunOutcome[] outcomes)
    {
        var reverted = outcomes.Count(o => o.FirstRevertSecond is not null);
        var early = outcomes.Count(o => o.FirstRevertSecond is <= 0);
        var firsts = outcomes.Select(o => o.FirstRevertSecond is { } s ? s : int.MaxValue).Order().ToArray();
        var zeros = outcomes.Select(o => o.ZeroSecond is { } s ? s : int.MaxValue).Order().ToArray();
        var rules = string.Join(", ", outcomes.Where(o => o.FirstRule is not null)
            .GroupBy(o => $"{Short(o.FirstRule!.Value)}/{(o.FirstCrossing.HasFlag(Crossing.Cumulative) ? "cum" : "det")}")
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {g.Count()}"));
        return new Summary(
            scenario.Runs,
            reverted,
            (double)reverted / scenario.Runs,
            ClopperPearsonUpper(reverted, scenario.Runs),
            outcomes.Count(o => o.ZeroSecond is not null),
            Quantile(firsts, 0.50),
            Quantile(firsts, 0.95),
            Quantile(firsts, 0.99),
            Quantile(zeros, 0.50),
            Quantile(zeros, 0.95),
            rules,
            early);
    }

    /// <summary>Share of runs whose first revert (or revert to 0 %) came within <paramref name="seconds"/>.</summary>
    public static double Within(RunOutcome[] outcomes, int seconds, bool toZero) =>
        (double)outcomes.Count(o => (toZero ? o.ZeroSecond : o.FirstRevertSecond) is { } s && s > 0 && s <= seconds) / outcomes.Length;

    public static string Time(double? seconds) => seconds switch
    {
        null => "never",
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
    };

    private static string Short(GuardRule rule) => rule switch
    {
        GuardRule.CriticalErrorRate => "crit-err",
        GuardRule.CriticalP95 => "crit-p95",
        GuardRule.WarningErrorRate => "warn-err",
        GuardRule.RelativeErrorRate => "relative",
        GuardRule.WarningP95 => "warn-p95",
        _ => rule.ToString(),
    };

    /// <summary>Quantile of sorted values where int.MaxValue means "never"; null when the quantile is "never".</summary>
    private static double? Quantile(int[] sorted, double q)
    {
        var index = (int)Math.Ceiling(q * sorted.Length) - 1;
        var value = sorted[Math.Clamp(index, 0, sorted.Length - 1)];
        return value == int.MaxValue ? null : value;
    }

    /// <summary>The exact (Clopper–Pearson) upper 95 % bound of a binomial proportion, two-sided 2.5 % tail.</summary>
    public static double ClopperPearsonUpper(int successes, int trials)
    {
        if (successes >= trials)
        {
            return 1;
        }

        double low = (double)successes / trials, high = 1;
        for (var i = 0; i < 100; i++)
        {
            var middle = (low + high) / 2;
            if (Exact.BinomialCdf(successes, trials, middle) > 0.025)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }
}
