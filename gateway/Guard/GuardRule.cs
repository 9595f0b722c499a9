namespace Strangler.Gateway.Guard;

/// <summary>The guard's rules, most severe first within each action.</summary>
internal enum GuardRule
{
    CriticalErrorRate,
    CriticalP95,
    WarningErrorRate,
    RelativeErrorRate,
    WarningP95,
}
