using System.Collections.Immutable;
using Strangler.Gateway.Events;

namespace Strangler.Gateway.Reporting;

/// <summary>
/// The bounded history of ended steps per feature, oldest first, as pure functions over an
/// immutable map: the runtime swaps the map under its lock and persists it with the state.
/// </summary>
internal static class StepHistory
{
    /// <summary>Steps kept per feature; older ones fall off (the state file stays small).</summary>
    public const int Capacity = 200;

    public static ImmutableDictionary<string, ImmutableList<StepRecord>> Empty { get; } =
        ImmutableDictionary.Create<string, ImmutableList<StepRecord>>(StringComparer.Ordinal);

    public static ImmutableDictionary<string, ImmutableList<StepRecord>> Append(
        ImmutableDictionary<string, ImmutableList<StepRecord>> history, string feature, StepRecord step)
    {
        var steps = history.GetValueOrDefault(feature) ?? [];
        steps = steps.Add(step);
        if (steps.Count > Capacity)
        {
            steps = steps.RemoveRange(0, steps.Count - Capacity);
        }

        return history.SetItem(feature, steps);
    }

    /// <summary>
    /// Attaches the event that ended a step (same feature, same instant) to that step: its id and
    /// the guard's evidence. Unchanged when no step ended with it (a pause, an inconclusive verdict).
    /// </summary>
    public static ImmutableDictionary<string, ImmutableList<StepRecord>> Attach(
        ImmutableDictionary<string, ImmutableList<StepRecord>> history, RolloutEvent e)
    {
        if (history.GetValueOrDefault(e.Feature) is not { Count: > 0 } steps
            || steps[^1] is not { EndedBy.EventId: null } last
            || last.EndedAt != e.At)
        {
            return history;
        }

        return history.SetItem(e.Feature, steps.SetItem(steps.Count - 1, last with { EndedBy = last.EndedBy.With(e) }));
    }

    /// <summary>When the step in force began: the end of the one before it, else the state's last change.</summary>
    public static DateTimeOffset CurrentStart(ImmutableList<StepRecord>? steps, DateTimeOffset changedAt) =>
        steps is { Count: > 0 } ? steps[^1].EndedAt : changedAt;
}
