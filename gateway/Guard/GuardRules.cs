namespace Strangler.Gateway.Guard;

/// <summary>The names of the guard's rules, as they appear in verdicts, events, metrics and alerts.</summary>
internal static class GuardRules
{
    public const string CriticalErrorRate = "critical-error-rate";
    public const string CriticalP95 = "critical-p95";
    public const string WarningErrorRate = "warning-error-rate";
    public const string WarningP95 = "warning-p95";

    /// <summary>Every rule a breach can name.</summary>
    public static readonly IReadOnlyList<string> All = [CriticalErrorRate, CriticalP95, WarningErrorRate, WarningP95];
}
