using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Events;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.State;

/// <summary>
/// The rollout in force and its only writer: rollout.json revisions (applied or rejected),
/// reconciled with runtime state (guard reverts, advances, operator actions), published as one
/// immutable <see cref="RolloutView"/>, persisted after every change and explained by events.
/// Changes are serialised under one lock; publishing starts the metric series of new features,
/// swaps the view, then tells YARP when the routes changed, in that order. In a fleet
/// (RolloutRuntime.Fleet.cs) a change is a compare-and-set in the fleet store first and is
/// published only once it is in force fleet-wide; changes other replicas made are adopted here too.
/// </summary>
internal sealed partial class RolloutRuntime
{
    private readonly Lock _lock = new();
    private readonly IStateFile _stateFile;
    private readonly EventLog _events;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<RolloutRuntime> _logger;
    private readonly bool _observe;
    private readonly SemaphoreSlim _saveGate = new(1, 1);

    private volatile RolloutView _view = RolloutView.Empty;
    private IReadOnlyDictionary<string, FeatureRuntimeState>? _persisted;
    private bool _persistedTextRevisions;

    public RolloutRuntime(
        IStateFile stateFile,
        EventLog events,
        GatewayMetrics metrics,
        TimeProvider time,
        IOptions<GatewayOptions> options,
        ILogger<RolloutRuntime> logger,
        FleetStore? fleet = null,
        FleetHealth? fleetHealth = null)
    {
        _fleet = fleet;
        _fleetHealth = fleetHealth;
        _stateFile = stateFile;
        _events = events;
        _metrics = metrics;
        _time = time;
        _observe = options.Value.Observe;
        _logger = logger;
    }

    /// <summary>The rollout in force: read it once per request (or per evaluation) and use only that.</summary>
    public RolloutView View => _view;

    /// <summary>Set when the persisted state could not be used at start-up.</summary>
    public string? StateError { get; private set; }

    /// <summary>Set when the last attempt to persist the state failed.</summary>
    public string? SaveError { get; private set; }

    public string StateLocation => _stateFile.Location;

    /// <summary>Loads persisted state, so the first revision applied is reconciled with it (a revert survives a restart).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var loaded = await _stateFile.LoadAsync(cancellationToken);
        if (loaded.Error is { } error)
        {
            StateError = error;
            LogStateUnusable(_logger, error);
        }

        var states = loaded.States;
        if (_fleet is not null)
        {
            states = await TakeFleetStateAsync(states);
        }

        lock (_lock)
        {
            _persisted = states;
            _persistedTextRevisions = loaded.TextRevisions;
            _steps = loaded.Steps;
        }
    }

    /// <summary>Puts a valid rollout.json revision in force.</summary>
    public void Apply(RolloutSnapshot snapshot, DateTimeOffset at)
    {
        lock (_lock)
        {
            var view = _view;
            var fromPersisted = view.Snapshot is null;
            var previous = fromPersisted ? _persisted ?? ImmutableDictionary<string, FeatureRuntimeState>.Empty : view.States;
            var textRevisions = fromPersisted && _persistedTextRevisions;
            var states = snapshot.Features.ToImmutableDictionary(
                f => f.Name,
                f =>
                {
                    var before = previous.GetValueOrDefault(f.Name);
                    return RuntimeTransitions.Reconcile(f, textRevisions ? RuntimeTransitions.UpgradeTextRevision(f, before) : before, at);
                },
                StringComparer.Ordinal);
            var config = view.Config.WithApplied(at, snapshot.ShortRevision);
            if (fromPersisted)
            {
                _countingSince ??= at;
                EndPersistedSteps(previous, states);
            }

            Publish(RolloutView.Build(snapshot, states, config, view, _observe));
            if (_fleet is not null)
            {
                MarkFileDecisions(states, previous);
            }
        }

        _ = SaveAsync();
        if (_fleet is not null)
        {
            _ = PushPendingAsync();
        }
    }

    /// <summary>Raised for each rejected revision, before status shows it (the handler must not wait).</summary>
    public event Action<ConfigFailure>? Rejected;

    /// <summary>Records an invalid revision: the one in force keeps serving.</summary>
    public void Reject(ConfigFailure failure)
    {
        Rejected?.Invoke(failure);
        lock (_lock)
        {
            var view = _view;
            Publish(view.WithConfig(view.Config.WithRejected(failure)));
        }
    }

    /// <summary>
    /// Applies a change to one feature and records its event. <paramref name="change"/> returns null
    /// when, on the state in force now, there is nothing left to do (in a fleet it is re-evaluated
    /// when another replica changed the feature first).
    /// </summary>
    /// <param name="epoch">
    /// In a fleet, the leader epoch a guard decision was taken under: the store refuses it once
    /// another leader has been elected. Null for an operator's decision.
    /// </param>
    internal Task<OperationResult> ChangeAsync(
        string feature,
        Func<FeatureConfig, FeatureRuntimeState, DateTimeOffset, FeatureRuntimeState?> change,
        Func<FeatureRuntimeState, FeatureRuntimeState, DateTimeOffset, Func<long, RolloutEvent>> describe,
        long? epoch = null) =>
        _fleet is null ? ChangeHereAsync(feature, change, describe, local: false) : ChangeSharedAsync(_fleet, feature, change, describe, epoch);

    /// <param name="local">A fleet replica's decision applied on its own while the store is unreachable.</param>
    private async Task<OperationResult> ChangeHereAsync(
        string feature,
        Func<FeatureConfig, FeatureRuntimeState, DateTimeOffset, FeatureRuntimeState?> change,
        Func<FeatureRuntimeState, FeatureRuntimeState, DateTimeOffset, Func<long, RolloutEvent>> describe,
        bool local)
    {
        FeatureRuntimeState? updated;
        lock (_lock)
        {
            var view = _view;
            if (view.Snapshot is not { } snapshot || !view.FeaturesByName.TryGetValue(feature, out var current))
            {
                return OperationResult.UnknownFeature(feature);
            }

            var now = _time.GetUtcNow();
            updated = change(current.File, current.State, now);
            if (updated is null)
            {
                return OperationResult.Ok(current.State);
            }

            if (local)
            {
                // Before the view: status, which reads both without the lock, never shows the revert unmarked.
                _localReverts = _localReverts.Add(feature);
                _unpushed.Add(feature);
            }

            Publish(RolloutView.Build(snapshot, view.States.SetItem(feature, updated), view.Config, view, _observe));
            var create = describe(current.State, updated, now);
            var recorded = _events.Append(id => Stamp(create(id), local));
            AttachToStep(recorded);

            LogEvent(recorded);
        }

        await SaveAsync();
        return OperationResult.Ok(updated);
    }

    /// <summary>Records an event that changes nothing (e.g. an inconclusive verdict).</summary>
    internal void Record(Func<long, RolloutEvent> create) => LogEvent(_events.Append(id => Stamp(create(id), local: false)));

    /// <summary>Called under the lock only.</summary>
    private void Publish(RolloutView view)
    {
        var previous = _view;

        // Before the swap: whoever sees a feature in the view (status, a scrape after it) finds its series at 0.
        if (!ReferenceEquals(previous.Snapshot, view.Snapshot))
        {
            _metrics.StartSeries(view.Features.Select(f => f.File));
        }

        EndSteps(previous, view);
        _view = view;
        if (!ReferenceEquals(previous.Proxy, view.Proxy))
        {
            previous.Proxy.SignalChange();
        }
    }

    private async Task SaveAsync()
    {
        await _saveGate.WaitAsync();
        try
        {
            // Always the newest state: a save that waited behind another writes what is current now.
            await _stateFile.SaveAsync(_view.States.Values.ToArray(), Steps, _time.GetUtcNow(), CancellationToken.None);
            SaveError = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SaveError = $"cannot write {_stateFile.Location}: {e.Message}";
            LogSaveFailed(_logger, _stateFile.Location, e);
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

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Rollout {Feature}: {Kind} from {From} % to {To} % ({Rule}): {Reason}; by {Actor}")]
    private static partial void LogRevert(ILogger logger, string feature, string kind, decimal? from, decimal? to, string? rule, string reason, string actor);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Rollout {Feature}: {Kind} from {From} % to {To} %: {Reason}; by {Actor}")]
    private static partial void LogChange(ILogger logger, string feature, string kind, decimal? from, decimal? to, string reason, string actor);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "{Error}")]
    private static partial void LogStateUnusable(ILogger logger, string error);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Cannot persist rollout state to {Location}; the state in memory stays in force")]
    private static partial void LogSaveFailed(ILogger logger, string location, Exception exception);
}
