namespace Strangler.Gateway.Fleet;

/// <summary>What became of one compare-and-set transition in the fleet store.</summary>
internal enum FleetWriteOutcome
{
    /// <summary>Applied once, fleet-wide; the event (if any) has its shared id.</summary>
    Applied,

    /// <summary>Another replica moved the feature on first: re-read and re-evaluate.</summary>
    Conflict,

    /// <summary>The decision carried an epoch older than the fence (a deposed leader's).</summary>
    Fenced,

    /// <summary>Redis did not answer: nothing was applied anywhere.</summary>
    Unavailable,
}

/// <param name="EventId">Applied: the shared id of the event written with the transition (0 without one).</param>
/// <param name="Current">Conflict: the feature's state now (null when the store has none).</param>
/// <param name="Error">Unavailable: why.</param>
internal sealed record FleetWrite(FleetWriteOutcome Outcome, long EventId = 0, SharedFeature? Current = null, long CurrentVersion = 0, string? Error = null);
