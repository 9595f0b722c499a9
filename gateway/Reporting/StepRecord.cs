namespace Strangler.Gateway.Reporting;

/// <summary>
/// One step of a feature's rollout that has ended: the effective percentage and stage, when it was
/// in force, how it ended, and what each backend did meanwhile. Kept in the state file.
/// </summary>
/// <param name="CountedSince">
/// Set when the figures cover less than the whole step: the gateway started (or restarted) while
/// the step was in force, and counts only what it served since.
/// </param>
/// <param name="V3">v3's figures while the step was in force; null when this process served none of it (it ended while the gateway was down).</param>
internal sealed record StepRecord(
    decimal Percentage,
    string Stage,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    StepEnding EndedBy,
    BackendFigures? V3,
    BackendFigures? V4,
    DateTimeOffset? CountedSince = null)
{
    public TimeSpan Duration => EndedAt - StartedAt;
}
