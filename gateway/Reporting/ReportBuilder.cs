using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Events;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Reporting;

/// <summary>
/// Assembles the rollout report from what the gateway holds: the view in force, the step history
/// (durable), the event log (this process's), the guard's latest verdicts and shadow parity.
/// </summary>
internal static class ReportBuilder
{
    public static RolloutReport Build(
        RolloutView view,
        IEnumerable<FeatureView> features,
        ImmutableDictionary<string, ImmutableList<StepRecord>> history,
        EventLog events,
        Func<string, (GuardVerdict Verdict, DateTimeOffset At)?> guard,
        DateTimeOffset? countingSince,
        DateTimeOffset now,
        DateTimeOffset since) =>
        new(now, since, countingSince, [.. features.Select(f => Feature(f, history.GetValueOrDefault(f.Name) ?? [], events, guard(f.Name)?.Verdict, countingSince, now, since))]);

    private static FeatureReport Feature(
        FeatureView view,
        ImmutableList<StepRecord> ended,
        EventLog events,
        GuardVerdict? verdict,
        DateTimeOffset? countingSince,
        DateTimeOffset now,
        DateTimeOffset since)
    {
        var state = view.State;
        var steps = ended.Where(s => s.EndedAt >= since).Select(s => new ReportStep(
            s.Percentage, s.Stage, s.StartedAt, s.EndedAt, s.Duration.TotalSeconds, s.EndedBy, s.V3, s.V4, s.CountedSince)).ToList();
        var startedAt = StepHistory.CurrentStart(ended, view.Step.StartedAt);
        var (v3, v4) = view.Step.Read();
        steps.Add(new ReportStep(state.Percentage.Value, state.Stage.ToName(), startedAt, null, (now - startedAt).TotalSeconds, null, v3, v4,
            countingSince > startedAt ? countingSince : null));

        var log = events.Query(view.Name, int.MaxValue).Where(e => e.At >= since).Reverse().ToArray();
        var reverts = ended
            .Where(s => s.EndedAt >= since && s.EndedBy.Kind is EventKinds.Revert or EventKinds.RollbackAll)
            .Select((s, i) => new ReportRevert(s.EndedAt, s.Percentage, To(ended, s, state), s.EndedBy.Kind, s.EndedBy.Rule, s.EndedBy.Actor, s.EndedBy.Reason, s.EndedBy.Evidence, s.EndedBy.EventId))
            .ToArray();

        var shadow = ShadowView.From(view);
        var parity = view is { File.Shadow: { } policy, Shadow: { } stats } ? Parity.Judge(policy, stats.Read()) : (Parity?)null;
        var report = verdict is null ? null : GuardReport.From(verdict, state);
        var lastRevert = state.Mode == RuntimeMode.Reverted
            ? log.LastOrDefault(e => e.Kind == EventKinds.Revert) ?? RevertFromHistory(view.Name, ended.LastOrDefault())
            : null;
        var recommendation = Recommender.Recommend(new RecommendationInput(
            state.Stage,
            state.Percentage,
            state.Mode,
            state.Paused,
            state.Actor,
            state.Reason,
            verdict?.State,
            verdict?.Detail,
            now - startedAt,
            view.File.StepInterval,
            v4.Requests,
            view.File.Guard.MinRequests,
            parity,
            shadow?.TopPaths.Select(p => p.Path).ToArray() ?? [],
            lastRevert,
            NextStep(view.File, state.Percentage)));

        return new FeatureReport(
            view.Name, state.Stage.ToName(), state.Percentage.Value, state.Mode.ToName(), state.Paused,
            report?.State.ToName() ?? "not evaluated yet", report?.Detail, steps, log, reverts, shadow, recommendation);
    }

    /// <summary>The percentage the step after <paramref name="step"/> had (the state in force for the latest).</summary>
    private static decimal To(ImmutableList<StepRecord> ended, StepRecord step, FeatureRuntimeState state)
    {
        var index = ended.IndexOf(step);
        return index + 1 < ended.Count ? ended[index + 1].Percentage : state.Percentage.Value;
    }

    /// <summary>After a restart the event log is empty; the revert's step keeps its event's evidence.</summary>
    private static RolloutEvent? RevertFromHistory(string feature, StepRecord? last) =>
        last is { EndedBy.Kind: EventKinds.Revert } s
            ? new RolloutEvent(s.EndedBy.EventId ?? 0, s.EndedAt, feature, EventKinds.Revert, s.Percentage, null, s.EndedBy.Reason, s.EndedBy.Actor, s.EndedBy.Evidence)
            : null;

    private static Percentage? NextStep(Rollout.Model.FeatureConfig file, Percentage current)
    {
        if (current >= file.MaxPercentage)
        {
            return null;
        }

        foreach (var step in file.Steps)
        {
            if (step > current)
            {
                return step < file.MaxPercentage ? step : file.MaxPercentage;
            }
        }

        return file.MaxPercentage;
    }
}
