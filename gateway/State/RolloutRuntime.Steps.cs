using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Events;
using Strangler.Gateway.Reporting;

namespace Strangler.Gateway.State;

/// <summary>
/// The rollout report's step history: whenever a feature's effective stage or percentage changes
/// (guard revert or advance, force, resume, rollback-all, a rollout.json edit, an adopted fleet
/// change), the step that ended is recorded with what each backend did while it was in force, and
/// persisted with the state. The event that made the change is attached once it is recorded.
/// </summary>
internal sealed partial class RolloutRuntime
{
    private ImmutableDictionary<string, ImmutableList<StepRecord>> _steps = StepHistory.Empty;

    // The tally of each feature's latest ended step: a request routed under it may complete after
    // the step ended, and still counts in it (read again whenever the history is read).
    private ImmutableDictionary<string, StepTally> _endedTallies = ImmutableDictionary<string, StepTally>.Empty;

    // When this process first put a rollout in force: steps that began earlier are counted from then.
    private DateTimeOffset? _countingSince;

    /// <summary>Each feature's ended steps, oldest first (bounded by <see cref="StepHistory.Capacity"/>).</summary>
    public ImmutableDictionary<string, ImmutableList<StepRecord>> Steps
    {
        get
        {
            lock (_lock)
            {
                var steps = _steps;
                if (!_observe)
                {
                    return steps;
                }

                foreach (var (feature, tally) in _endedTallies)
                {
                    if (steps.GetValueOrDefault(feature) is { Count: > 0 } list)
                    {
                        var (v3, v4) = tally.Read();
                        steps = steps.SetItem(feature, list.SetItem(list.Count - 1, list[^1] with { V3 = v3, V4 = v4 }));
                    }
                }

                return steps;
            }
        }
    }

    /// <summary>When this process began counting; null before the first rollout is in force.</summary>
    public DateTimeOffset? CountingSince
    {
        get
        {
            lock (_lock)
            {
                return _countingSince;
            }
        }
    }

    /// <summary>When the step in force for <paramref name="feature"/> began.</summary>
    /// <summary>Called under the lock, before the swap: records every step <paramref name="next"/> ends.</summary>
    private void EndSteps(RolloutView previous, RolloutView next)
    {
        if (previous.Snapshot is null)
        {
            return;
        }

        foreach (var before in previous.Features)
        {
            var after = next.FeaturesByName.GetValueOrDefault(before.Name);
            if (after is not null && StepTally.SameStep(before.State, after.State))
            {
                continue;
            }

            var ending = after is null
                ? new StepEnding(StepEnding.RemovedKind, null, FeatureRuntimeState.FileActor, "removed from rollout.json", null, null)
                : StepEnding.Infer(after.State);
            var (v3, v4) = before.Step.Read();
            var started = StepHistory.CurrentStart(_steps.GetValueOrDefault(before.Name), before.Step.StartedAt);
            var counted = _countingSince > started ? _countingSince : null;
            var step = new StepRecord(
                before.State.Percentage.Value, before.State.Stage.ToName(), started, after?.State.ChangedAt ?? _time.GetUtcNow(), ending,
                _observe ? v3 : null, _observe ? v4 : null, counted);
            _steps = StepHistory.Append(_steps, before.Name, step);
            _endedTallies = _endedTallies.SetItem(before.Name, before.Step);
        }
    }

    /// <summary>
    /// Called under the lock at start-up: the persisted state's steps that the first revision
    /// ends (rollout.json changed while the gateway was down). Nobody counted them here.
    /// </summary>
    private void EndPersistedSteps(IReadOnlyDictionary<string, FeatureRuntimeState> persisted, ImmutableDictionary<string, FeatureRuntimeState> states)
    {
        foreach (var (name, before) in persisted)
        {
            var after = states.GetValueOrDefault(name);
            if (after is not null && StepTally.SameStep(before, after))
            {
                continue;
            }

            var ending = after is null
                ? new StepEnding(StepEnding.RemovedKind, null, FeatureRuntimeState.FileActor, "removed from rollout.json", null, null)
                : StepEnding.Infer(after);
            var started = StepHistory.CurrentStart(_steps.GetValueOrDefault(name), before.ChangedAt);
            var step = new StepRecord(before.Percentage.Value, before.Stage.ToName(), started, after?.ChangedAt ?? _time.GetUtcNow(), ending, null, null);
            _steps = StepHistory.Append(_steps, name, step);
        }
    }

    /// <summary>Called under the lock: the event that ended a feature's latest step.</summary>
    private void AttachToStep(RolloutEvent e) => _steps = StepHistory.Attach(_steps, e);
}
