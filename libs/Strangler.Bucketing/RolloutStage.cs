namespace Strangler.Bucketing;

/// <summary>Where a feature is in its migration from v3 to v4.</summary>
public enum RolloutStage
{
    /// <summary>Everyone is served by v3.</summary>
    Disabled,

    /// <summary>Only users listed in always-v4 are served by v4.</summary>
    Testing,

    /// <summary>Overrides first, then users whose bucket is below the percentage are served by v4.</summary>
    Partial,

    /// <summary>Everyone but never-v4 users is served by v4; the guard stays armed.</summary>
    Full,

    /// <summary>Everyone is served by v4; v3 is no longer used and the guard is disarmed.</summary>
    Complete,
}
