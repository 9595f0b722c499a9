namespace Strangler.Gateway.Guard;

/// <summary>The names of the guard's rules, as they appear in verdicts, events, metrics and alerts.</summary>
internal static class GuardRules
{
    /// <summary>Every rule the guard judges today, by name: the rule labels a revert or inconclusive event can carry.</summary>
    public static readonly IReadOnlyList<string> All =
        [.. Enum.GetValues<GuardRule>().Select(r => r.ToName())];

    public static string ToName(this GuardRule rule) => rule switch
    {
        GuardRule.CriticalErrorRate => "critical-error-rate",
        GuardRule.CriticalP95 => "critical-p95",
        GuardRule.WarningErrorRate => "warning-error-rate",
        GuardRule.RelativeErrorRate => "relative-error-rate",
        GuardRule.WarningP95 => "warning-p95",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown guard rule"),
    };

    /// <summary>Whether the rule judges the error rate (the others judge the p95 latency).</summary>
    public static bool IsErrorRate(this GuardRule rule) => rule is GuardRule.CriticalErrorRate or GuardRule.WarningErrorRate or GuardRule.RelativeErrorRate;

    /// <summary>Whether a revert by the rule goes to 0 % (the others go to the previous step).</summary>
    public static bool IsCritical(this GuardRule rule) => rule is GuardRule.CriticalErrorRate or GuardRule.CriticalP95;
}
