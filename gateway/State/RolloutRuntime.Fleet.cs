using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Events;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.State;

/// <summary>
/// The fleet half of the one writer. Each feature's state in the fleet store has a version; every
/// change is a compare-and-set on it (the loser adopts the winner's state and re-evaluates its
/// change on it), and only a change in force fleet-wide is published. Changes other replicas made
/// are adopted through <see cref="AdoptShared"/>. While the store is unreachable nothing changes but
/// a guard revert (the safe direction), applied here only and reconciled when the store answers.
/// </summary>
internal sealed partial class RolloutRuntime
{
    private const int MaxSharedAttempts = 8;

    private readonly FleetStore? _fleet;
    private readonly FleetHealth? _fleetHealth;
    private readonly SemaphoreSlim _pushGate = new(1, 1);

    // Guarded by _lock: the store version of each feature's state in the view; the version the store
    // was last seen at where that differs (it lost data, or another replica's write raced ours);
    // features whose state here still has to reach the store; and which of those are local reverts.
    private ImmutableDictionary<string, long> _versions = ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _expected = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unpushed = new(StringComparer.Ordinal);
    private ImmutableHashSet<string> _localReverts = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Features this replica reverted on its own while the store was unreachable, not reconciled yet.</summary>
    public ImmutableHashSet<string> LocalReverts => _localReverts;

    /// <summary>The fleet store version of each feature's state in force (empty for a single replica).</summary>
    public ImmutableDictionary<string, long> SharedVersions => _versions;

    /// <summary>
    /// Takes every replica's state changes made since the last read: a newer version replaces the
    /// state in force; a feature the store lacks (first start, or Redis lost its data) is seeded from
    /// the state in force here; a local revert beats a higher shared percentage. Publishes one view.
    /// Returns true when something here still has to reach the store (<see cref="PushPendingAsync"/>).
    /// </summary>
    public bool AdoptShared(IReadOnlyDictionary<string, SharedFeature> shared)
    {
        var lost = new List<string>();
        bool changed;
        bool pending;
        lock (_lock)
        {
            var view = _view;
            if (view.Snapshot is not { } snapshot)
            {
                return false;
            }

            var states = view.States;
            var now = _time.GetUtcNow();
            foreach (var feature in view.Features)
            {
                var remote = shared.GetValueOrDefault(feature.Name);
                if (AdoptOne(feature, remote, remote?.Version ?? 0, now, ref states))
                {
                    lost.Add(feature.Name);
                }
            }

            changed = !ReferenceEquals(states, view.States);
            if (changed)
            {
                Publish(RolloutView.Build(snapshot, states, view.Config, view, _observe));
            }

            pending = _unpushed.Count > 0;
        }

        if (lost.Count > 0 && _fleet is not null)
        {
            LogReseeding(_logger, _fleet.Location, lost.Count, string.Join(", ", lost));
        }

        if (changed)
        {
            _ = SaveAsync();
        }

        return pending;
    }

    /// <summary>Writes what the store lacks or has older (file decisions, seeds, local reverts); true when nothing is left.</summary>
    public async Task<bool> PushPendingAsync()
    {
        if (_fleet is null)
        {
            return true;
        }

        await _pushGate.WaitAsync();
        try
        {
            string[] features;
            lock (_lock)
            {
                features = [.. _unpushed];
            }

            var done = true;
            foreach (var feature in features)
            {
                done &= await PushAsync(_fleet, feature);
            }

            return done;
        }
        finally
        {
            _pushGate.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, FeatureRuntimeState>> TakeFleetStateAsync(IReadOnlyDictionary<string, FeatureRuntimeState> fromFile)
    {
        try
        {
            var shared = await _fleet!.ReadAsync();
            _fleetHealth?.Contact(_time.GetUtcNow());
            _fleetHealth?.StartedFrom($"the fleet store ({shared.Count} features)");
            LogStartedFromFleet(_logger, _fleet.Location, shared.Count);
            var merged = fromFile.ToDictionary(StringComparer.Ordinal);
            lock (_lock)
            {
                foreach (var (feature, entry) in shared)
                {
                    merged[feature] = entry.State;
                    _versions = _versions.SetItem(feature, entry.Version);
                }
            }

            return merged;
        }
        catch (FleetUnavailableException e)
        {
            _fleetHealth?.Lost(e.Message, _time.GetUtcNow());
            _fleetHealth?.StartedFrom($"its own state file {_stateFile.Location} (the fleet store was unreachable at start-up)");
            LogStartedFromFile(_logger, _fleet!.Location, _stateFile.Location, e.Message);
            return fromFile;
        }
    }

    /// <summary>Called under the lock: a new file revision's states that differ from the store's, or that it lacks, are to be written.</summary>
    private void MarkFileDecisions(ImmutableDictionary<string, FeatureRuntimeState> states, IReadOnlyDictionary<string, FeatureRuntimeState> previous)
    {
        foreach (var (feature, state) in states)
        {
            if (!_versions.ContainsKey(feature) || !ReferenceEquals(state, previous.GetValueOrDefault(feature)))
            {
                _unpushed.Add(feature);
            }
        }
    }

    private async Task<OperationResult> ChangeSharedAsync(
        FleetStore fleet,
        string feature,
        Func<FeatureConfig, FeatureRuntimeState, DateTimeOffset, FeatureRuntimeState?> change,
        Func<FeatureRuntimeState, FeatureRuntimeState, DateTimeOffset, Func<long, RolloutEvent>> describe,
        long? epoch)
    {
        for (var attempt = 1; ; attempt++)
        {
            var view = _view;
            if (view.Snapshot is null || !view.FeaturesByName.TryGetValue(feature, out var current))
            {
                return OperationResult.UnknownFeature(feature);
            }

            var now = _time.GetUtcNow();
            var updated = change(current.File, current.State, now);
            if (updated is null)
            {
                return OperationResult.Ok(current.State);
            }

            var draft = Stamp(describe(current.State, updated, now)(0), local: false);
            long expected;
            long next;
            lock (_lock)
            {
                (expected, next) = VersionsFor(feature);
            }

            var write = await fleet.WriteAsync(updated, expected, next, draft, epoch, minEventId: _events.HighestId + 1);
            switch (write.Outcome)
            {
                case FleetWriteOutcome.Applied:
                    _fleetHealth?.Contact(_time.GetUtcNow());
                    lock (_lock)
                    {
                        AdoptWritten(feature, updated, next);
                    }

                    var recorded = draft with { Id = write.EventId };
                    _events.Mirror(recorded, own: true);
                    lock (_lock)
                    {
                        AttachToStep(recorded);
                    }

                    LogEvent(recorded);
                    await SaveAsync();
                    return OperationResult.Ok(updated);

                case FleetWriteOutcome.Conflict when attempt < MaxSharedAttempts:
                    TakeConflict(feature, write);
                    continue;

                case FleetWriteOutcome.Conflict:
                    return OperationResult.FleetUnavailable($"feature '{feature}' kept changing on other replicas during {MaxSharedAttempts} attempts; nothing was applied; retry");

                case FleetWriteOutcome.Fenced:
                    LogFenced(_logger, feature, epoch ?? 0);
                    return OperationResult.Superseded($"feature '{feature}': the decision was taken under leader epoch {epoch}, and another leader has been elected since; nothing was applied");

                default:
                    _fleetHealth?.Lost(write.Error ?? "no answer", now);
                    LogFleetUnreachable(_logger, fleet.Location, write.Error);
                    if (FleetReconciliation.AllowedLocally(current.State, updated))
                    {
                        return await ChangeHereAsync(feature, change, describe, local: true);
                    }

                    return OperationResult.FleetUnavailable(
                        $"the fleet store ({fleet.Location}) is unreachable ({write.Error}); nothing was applied: an operator action applies to every replica or to none; retry once status shows the fleet connected");
            }
        }
    }

    private async Task<bool> PushAsync(FleetStore fleet, string feature)
    {
        for (var attempt = 1; attempt <= MaxSharedAttempts; attempt++)
        {
            FeatureRuntimeState state;
            long expected;
            long next;
            bool local;
            lock (_lock)
            {
                if (!_unpushed.Contains(feature))
                {
                    return true;
                }

                if (!_view.FeaturesByName.TryGetValue(feature, out var view))
                {
                    _unpushed.Remove(feature);
                    return true;
                }

                state = view.State;
                (expected, next) = VersionsFor(feature);
                local = _localReverts.Contains(feature);
            }

            var now = _time.GetUtcNow();
            var e = local
                ? Stamp(new RolloutEvent(0, now, feature, EventKinds.Revert, null, state.Percentage.Value,
                    $"reconciled with the fleet: {state.Reason} (reverted on this replica alone while the fleet store was unreachable)",
                    FeatureRuntimeState.GuardActor, null), local: false)
                : null;
            var write = await fleet.WriteAsync(state, expected, next, e, epoch: null, minEventId: _events.HighestId + 1);
            switch (write.Outcome)
            {
                case FleetWriteOutcome.Applied:
                    _fleetHealth?.Contact(now);
                    lock (_lock)
                    {
                        AdoptWritten(feature, state, next);
                    }

                    if (e is not null)
                    {
                        var recorded = e with { Id = write.EventId };
                        _events.Mirror(recorded, own: true);
                        LogEvent(recorded);
                    }

                    return true;

                case FleetWriteOutcome.Conflict:
                    TakeConflict(feature, write);
                    continue;

                case FleetWriteOutcome.Fenced:
                    return false;

                default:
                    _fleetHealth?.Lost(write.Error ?? "no answer", now);
                    return false;
            }
        }

        return false;
    }

    private void TakeConflict(string feature, FleetWrite write)
    {
        var changed = false;
        lock (_lock)
        {
            var view = _view;
            if (view.Snapshot is not { } snapshot || !view.FeaturesByName.TryGetValue(feature, out var current))
            {
                return;
            }

            var states = view.States;
            AdoptOne(current, write.Current, write.CurrentVersion, _time.GetUtcNow(), ref states);
            if (!ReferenceEquals(states, view.States))
            {
                Publish(RolloutView.Build(snapshot, states, view.Config, view, _observe));
                changed = true;
            }
        }

        if (changed)
        {
            _ = SaveAsync();
        }
    }

    /// <summary>
    /// Called under the lock: reconciles one feature with the store's entry (null: the store has
    /// none). Returns true when the store holds less than this replica knew (it lost data).
    /// </summary>
    private bool AdoptOne(FeatureView feature, SharedFeature? remote, long remoteVersion, DateTimeOffset now, ref ImmutableDictionary<string, FeatureRuntimeState> states)
    {
        var name = feature.Name;
        var known = _versions.GetValueOrDefault(name);
        if (remote is null)
        {
            // Never read as "everything at 0 %" nor "at the file's values": seeded from the state in force.
            _expected[name] = remoteVersion;
            _unpushed.Add(name);
            return known > 0;
        }

        var local = _localReverts.Contains(name);
        if (local && FleetReconciliation.KeepLocalRevert(feature.State, remote.State))
        {
            _expected[name] = remote.Version;
            _unpushed.Add(name);
            return false;
        }

        if (remote.Version > known || local)
        {
            var target = remote.State;
            if (_unpushed.Contains(name) && !local && RuntimeTransitions.Reconcile(feature.File, remote.State, now) is var reconciled && !ReferenceEquals(reconciled, remote.State))
            {
                // A file revision this replica applied that the store does not reflect yet: it still goes in.
                target = reconciled;
            }
            else
            {
                _unpushed.Remove(name);
            }

            _localReverts = _localReverts.Remove(name);
            _versions = _versions.SetItem(name, remote.Version);
            _expected.Remove(name);
            if (!Equals(states[name], target))
            {
                states = states.SetItem(name, target);
            }

            return false;
        }

        if (remote.Version < known)
        {
            _expected[name] = remote.Version;
            _unpushed.Add(name);
            return true;
        }

        return false;
    }

    /// <summary>Called under the lock: our write is in force fleet-wide as <paramref name="version"/>.</summary>
    private void AdoptWritten(string feature, FeatureRuntimeState state, long version)
    {
        _unpushed.Remove(feature);
        _localReverts = _localReverts.Remove(feature);
        _expected.Remove(feature);
        if (version <= _versions.GetValueOrDefault(feature))
        {
            return; // a read already brought a newer state
        }

        _versions = _versions.SetItem(feature, version);
        var view = _view;
        if (view.Snapshot is { } snapshot && view.FeaturesByName.ContainsKey(feature) && !Equals(view.States[feature], state))
        {
            Publish(RolloutView.Build(snapshot, view.States.SetItem(feature, state), view.Config, view, _observe));
        }
    }

    /// <summary>Called under the lock: the version a write must find in the store, and the one it leaves.</summary>
    private (long Expected, long Next) VersionsFor(string feature)
    {
        var known = _versions.GetValueOrDefault(feature);
        var expected = _expected.TryGetValue(feature, out var seen) ? seen : known;
        return (expected, Math.Max(known, expected) + 1);
    }

    private RolloutEvent Stamp(RolloutEvent e, bool local) =>
        _fleet is null ? e : e with { Replica = _fleet.ReplicaId, Local = local };

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Fleet: took the shared state of {FeatureCount} features from {Fleet} before serving")]
    private static partial void LogStartedFromFleet(ILogger logger, string fleet, int featureCount);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Fleet: {Fleet} is unreachable at start-up ({Error}); serving from this replica's own state file {StateFile} until it answers")]
    private static partial void LogStartedFromFile(ILogger logger, string fleet, string stateFile, string error);

    [LoggerMessage(EventId = 212, Level = LogLevel.Warning, Message = "Fleet: {Fleet} lost the state of {FeatureCount} features ({Features}); re-seeding it from the state in force here, nothing changes")]
    private static partial void LogReseeding(ILogger logger, string fleet, int featureCount, string features);

    [LoggerMessage(EventId = 214, Level = LogLevel.Warning, Message = "Fleet: a guard decision on {Feature} taken under leader epoch {Epoch} was refused: another leader has been elected since")]
    private static partial void LogFenced(ILogger logger, string feature, long epoch);

    [LoggerMessage(EventId = 213, Level = LogLevel.Warning, Message = "Fleet: {Fleet} is unreachable ({Error}); serving the last known state, only guard reverts apply (on this replica alone)")]
    private static partial void LogFleetUnreachable(ILogger logger, string fleet, string? error);
}
