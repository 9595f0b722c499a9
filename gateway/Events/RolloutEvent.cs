namespace Strangler.Gateway.Events;

/// <summary>
/// One decision about a feature's rollout: what changed, from what to what, why, on what evidence
/// and by whom. Kinds: revert, advance, force, pause, resume, rollback_all, inconclusive, parity_failing.
/// </summary>
/// <param name="Id">Increasing sequence number: of this process's history, or of the fleet's shared log.</param>
/// <param name="From">Effective percentage before (null when not a percentage change).</param>
/// <param name="To">Effective percentage after.</param>
/// <param name="Evidence">For guard decisions: the rule that fired and the window statistics.</param>
/// <param name="Replica">In a fleet: the replica that made the decision; null for a single replica.</param>
/// <param name="Local">
/// In a fleet: a decision this replica applied on its own while the fleet store was unreachable
/// (a guard revert, the safe direction), to be reconciled when the store returns.
/// </param>
internal sealed record RolloutEvent(
    long Id,
    DateTimeOffset At,
    string Feature,
    string Kind,
    decimal? From,
    decimal? To,
    string Reason,
    string Actor,
    GuardEvidence? Evidence,
    string? Replica = null,
    bool Local = false);

/// <summary>The guard's grounds for a decision, as recorded in the event.</summary>
/// <param name="Rule">e.g. critical-error-rate, warning-p95.</param>
/// <param name="Observed">The observed value (error percent or p95 milliseconds).</param>
/// <param name="Bound">The confidence bound that was compared with the threshold.</param>
internal sealed record GuardEvidence(
    string Rule,
    double Observed,
    double Bound,
    double Threshold,
    WindowSummary V4,
    WindowSummary V3,
    ThresholdSummary Thresholds);

internal sealed record WindowSummary(long Requests, long Errors, double ErrorPercent, double P50Ms, double P95Ms, double P99Ms);

internal sealed record ThresholdSummary(double MaxErrorPercent, double MaxP95Ms, double CriticalErrorPercent, double CriticalP95Ms)
{
    /// <summary>A step's warning thresholds and the critical ones.</summary>
    public static ThresholdSummary Of(Rollout.Model.Thresholds warning, Rollout.Model.Thresholds critical) =>
        new(warning.MaxErrorPercent, warning.MaxP95Ms, critical.MaxErrorPercent, critical.MaxP95Ms);
}

internal static class EventKinds
{
    public const string Revert = "revert";
    public const string Advance = "advance";
    public const string Force = "force";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string RollbackAll = "rollback_all";
    public const string Inconclusive = "inconclusive";

    /// <summary>Shadow parity: v4's diff rate is above the feature's max_diff_percent beyond doubt (never a revert).</summary>
    public const string ParityFailing = "parity_failing";
}
