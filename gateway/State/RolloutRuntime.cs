using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Strangler.Bucketing;
using Strangler.Bucketing.FeatureManagement;
using Strangler.Gateway.Events;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.State;

/// <summary>
/// The rollout in force: rollout.json revisions reconciled with runtime state (guard reverts,
/// advances, operator actions), published as FeatureManagement definitions, persisted after every
/// change, and explained by events. Changes are serialised; readers see immutable snapshots.
/// </summary>
internal sealed partial class RolloutRuntime : IRolloutDefinitionSource
{
    private readonly Lock _lock = new();
    private readonly RolloutStore _store;
    private readonly IRolloutStateStore _stateStore;
    private readonly EventLog _events;
    private readonly TimeProvider _time;
    private readonly ILogger<RolloutRuntime> _logger;
    private readonly SemaphoreSlim _saveGate = new(1, 1);

    private volatile RuntimeView _view = RuntimeView.Empty;
    private IReadOnlyDictionary<string, FeatureRuntimeState>? _persisted;
    private bool _persistedTextRevisions;

    public RolloutRuntime(RolloutStore store, IRolloutStateStore stateStore, EventLog events, TimeProvider time, ILogger<RolloutRuntime> logger)
    {
        _store = store;
        _stateStore = stateStore;
        _events = events;
        _time = time;
        _logger = logger;
    }

    public RolloutFeatureDefinitions Current => _view.Definitions;

    /// <summary>Effective state per feature (unordered; <see cref="FeatureNames"/> has the file's order).</summary>
    public ImmutableDictionary<string, FeatureRuntimeState> States => _view.States;

    /// <summary>The features of the revision in force, in file order.</summary>
    public IEnumerable<string> FeatureNames => _view.Snapshot?.Features.Select(f => f.Name) ?? [];

    /// <summary>Set when the persisted state could not be used at start-up.</summary>
    public string? StateError { get; private set; }

    /// <summary>Set when the last attempt to persist the state failed.</summary>
    public string? SaveError { get; private set; }

    public string StateLocation => _stateStore.Location;

    /// <summary>Loads persisted state, then follows every applied rollout revision.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var loaded = await _stateStore.LoadAsync(cancellationToken);
        if (loaded.Error is { } error)
        {
            StateError = error;
            LogStateUnusable(_logger, error);
        }

        lock (_lock)
        {
            _persisted = loaded.States;
            _persistedTextRevisions = loaded.TextRevisions;
        }

        _store.Subscribe(OnApplied);
    }

    private void OnApplied(RouteTable table)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var fromPersisted = _view.States.Count == 0;
            var previous = fromPersisted ? _persisted ?? ImmutableDictionary<string, FeatureRuntimeState>.Empty : _view.States;
            var textRevisions = fromPersisted && _persistedTextRevisions;
            var states = table.Snapshot.Features.ToImmutableDictionary(
                f => f.Name,
                f =>
                {
                    var before = previous.GetValueOrDefault(f.Name);
                    return RuntimeTransitions.Reconcile(f, textRevisions ? RuntimeTransitions.UpgradeTextRevision(f, before) : before, now);
                },
                StringComparer.Ordinal);
            Publish(table.Snapshot, states);
        }

        _ = SaveAsync();
    }

    /// <summary>Applies a change to one feature and records its event; returns null when the feature is unknown.</summary>
    internal async Task<OperationResult> ChangeAsync(
        string feature,
        Func<FeatureConfig, FeatureRuntimeState, DateTimeOffset, FeatureRuntimeState> change,
        Func<FeatureRuntimeState, FeatureRuntimeState, DateTimeOffset, Func<long, RolloutEvent>> describe)
    {
        FeatureRuntimeState updated;
        lock (_lock)
        {
            var snapshot = _view.Snapshot;
            if (snapshot is null || !snapshot.FeaturesByName.TryGetValue(feature, out var file) || !_view.States.TryGetValue(feature, out var before))
            {
                return OperationResult.UnknownFeature(feature);
            }

            var now = _time.GetUtcNow();
            updated = change(file, before, now);
            Publish(snapshot, _view.States.SetItem(feature, updated));
            var recorded = _events.Append(describe(before, updated, now));
            LogEvent(recorded);
        }

        await SaveAsync();
        return OperationResult.Ok(updated);
    }

    /// <summary>Records an event that changes nothing (e.g. an inconclusive verdict).</summary>
    internal void Record(Func<long, RolloutEvent> create) => LogEvent(_events.Append(create));

    internal FeatureConfig? FileConfig(string feature) =>
        _view.Snapshot?.FeaturesByName.GetValueOrDefault(feature);

    private void Publish(RolloutSnapshot snapshot, ImmutableDictionary<string, FeatureRuntimeState> states)
    {
        var definitions = new RolloutFeatureDefinitions(snapshot.Features.Select(f =>
            KeyValuePair.Create(f.Name, RuntimeTransitions.EffectiveRule(f, states[f.Name]))));
        _view = new RuntimeView(snapshot, states, definitions);
    }

    private async Task SaveAsync()
    {
        await _saveGate.WaitAsync();
        try
        {
            // Always the newest state: a save that waited behind another writes what is current now.
            await _stateStore.SaveAsync(_view.States.Values.ToArray(), _time.GetUtcNow(), CancellationToken.None);
            SaveError = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SaveError = $"cannot write {_stateStore.Location}: {e.Message}";
            LogSaveFailed(_logger, _stateStore.Location, e);
        }
        finally
        {
            _saveGate.Release();
        }
    }

    private void LogEvent(RolloutEvent e)
    {
        if (e.Kind is EventKinds.Revert or EventKinds.RollbackAll)
        {
            LogRevert(_logger, e.Feature, e.Kind, e.From, e.To, e.Evidence?.Rule, e.Reason, e.Actor);
        }
        else
        {
            LogChange(_logger, e.Feature, e.Kind, e.From, e.To, e.Reason, e.Actor);
        }
    }

    private sealed record RuntimeView(
        RolloutSnapshot? Snapshot,
        ImmutableDictionary<string, FeatureRuntimeState> States,
        RolloutFeatureDefinitions Definitions)
    {
        public static RuntimeView Empty { get; } = new(null, ImmutableDictionary<string, FeatureRuntimeState>.Empty, RolloutFeatureDefinitions.Empty);
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Rollout {Feature}: {Kind} from {From} % to {To} % ({Rule}): {Reason}; by {Actor}")]
    private static partial void LogRevert(ILogger logger, string feature, string kind, decimal? from, decimal? to, string? rule, string reason, string actor);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Rollout {Feature}: {Kind} from {From} % to {To} %: {Reason}; by {Actor}")]
    private static partial void LogChange(ILogger logger, string feature, string kind, decimal? from, decimal? to, string reason, string actor);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "{Error}")]
    private static partial void LogStateUnusable(ILogger logger, string error);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Cannot persist rollout state to {Location}; the state in memory stays in force")]
    private static partial void LogSaveFailed(ILogger logger, string location, Exception exception);
}
