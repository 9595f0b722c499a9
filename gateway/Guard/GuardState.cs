namespace Strangler.Gateway.Guard;

/// <summary>What the guard concluded about a feature at its latest evaluation.</summary>
internal enum GuardState
{
    /// <summary>Not watched: stage disabled, testing or complete, or the guard is turned off.</summary>
    Disarmed,

    /// <summary>Too few v4 requests, or not enough evidence either way. Never "healthy".</summary>
    InsufficientData,

    /// <summary>Enough traffic and within every threshold by anytime-valid upper bounds.</summary>
    Healthy,

    /// <summary>v4 breaches, but v3 fails just as badly over the same window: a shared cause.</summary>
    Inconclusive,

    /// <summary>A rule's sequential test crossed its threshold: the feature is reverted now.</summary>
    Tripped,

    /// <summary>
    /// Reported, never judged: the guard reverted the feature and the revert holds (until resume
    /// or a new revision of the feature). The guard keeps judging the reverted percentage.
    /// </summary>
    Reverted,
}

internal static class GuardStates
{
    public static string ToName(this GuardState state) => state switch
    {
        GuardState.Disarmed => "disarmed",
        GuardState.InsufficientData => "insufficient_data",
        GuardState.Healthy => "healthy",
        GuardState.Inconclusive => "inconclusive",
        GuardState.Tripped => "tripped",
        _ => "reverted",
    };
}
