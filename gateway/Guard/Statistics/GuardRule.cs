namespace Strangler.Gateway.Guard.Statistics;

/// <summary>The guard's rules, most severe first within each action.</summary>
internal enum GuardRule
{
    CriticalErrorRate,
    CriticalP95,
    WarningErrorRate,
    RelativeErrorRate,
    WarningP95,
}
