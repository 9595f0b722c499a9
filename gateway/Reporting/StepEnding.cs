using Strangler.Gateway.Events;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Reporting;

/// <summary>How a step ended: the kind of change, the event that recorded it (when there was one), who and why.</summary>
/// <param name="Kind">An event kind (revert, advance, force, resume, rollback_all), "file" for a rollout.json edit, "removed" when the feature left the file.</param>
/// <param name="EventId">The event's id in the event log; null for a file edit, or until the event is recorded.</param>
/// <param name="Rule">The guard rule of a revert.</param>
/// <param name="Evidence">The guard's evidence, as in the event (kept here because the event log is not durable).</param>
internal sealed record StepEnding(string Kind, long? EventId, string Actor, string Reason, string? Rule, GuardEvidence? Evidence)
{
    public const string FileKind = "file";
    public const string RemovedKind = "removed";

    /// <summary>What the state that replaced the step says about the change (the event, if any, is attached later).</summary>
    public static StepEnding Infer(FeatureRuntimeState after)
    {
        var kind = after.Mode switch
        {
            RuntimeMode.Reverted => EventKinds.Revert,
            RuntimeMode.Advanced => EventKinds.Advance,
            RuntimeMode.Forced => EventKinds.Force,
            RuntimeMode.RolledBack => EventKinds.RollbackAll,
            _ when after.Actor == FeatureRuntimeState.FileActor => FileKind,
            _ => EventKinds.Resume,
        };
        return new StepEnding(kind, null, after.Actor, after.Reason, after.Rule, null);
    }

    public StepEnding With(RolloutEvent e) => this with { Kind = e.Kind, EventId = e.Id, Actor = e.Actor, Reason = e.Reason, Rule = e.Evidence?.Rule ?? Rule, Evidence = e.Evidence };
}
