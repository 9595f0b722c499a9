using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Bucketing;
using Strangler.Gateway.Events;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Guard;

/// <summary>
/// Runs the guard every interval (1 s by default) on the gateway's clock: gathers each observed
/// feature's new outcomes (each completed second, and what arrived late for earlier ones) and window
/// statistics, asks the pure <see cref="GuardEvaluator"/> and <see cref="StepPlanner"/>,
/// and applies what they decide through the runtime state (which persists and records events).
/// In a fleet every replica judges the fleet's windows (<see cref="FleetOutcomes"/>) and shows the
/// verdicts, and only the leader (<see cref="FleetLeadership"/>) acts, under its epoch. While the
/// store is unreachable each replica judges its own windows and may revert on its own.
/// </summary>
internal sealed partial class GuardService(
    RolloutRuntime runtime,
    GuardBoard board,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<GuardService> logger,
    FleetHealth? fleet = null,
    FleetLeadership? leadership = null,
    FleetOutcomes? fleetOutcomes = null) : GatewayLoop
{
    private readonly Dictionary<string, FeatureTrack> _tracks = new(StringComparer.Ordinal);
    private ImmutableArray<FeatureView> _forgottenFor;

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GuardInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await EvaluateAllAsync();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (a cancellation from elsewhere included), the next tick evaluates again.
                LogEvaluationFailed(logger, e);
            }
        }
    }

    /// <summary>One evaluation of every feature; public for tests that drive it directly.</summary>
    public async Task EvaluateAllAsync()
    {
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        if (fleetOutcomes is not null && fleet is { Connected: true })
        {
            // The fleet's windows as of now: this replica's latest seconds out, everyone's in.
            try
            {
                await fleetOutcomes.ExchangeOnceAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Judged on the fleet's windows as of the last exchange: a failed exchange must not cost every feature its evaluation.
                LogExchangeFailed(logger, e);
            }
        }

        var (judgeFleet, mayAct, epoch) = Role();
        // One view for the whole evaluation; a change made below publishes a new one for the next.
        var features = runtime.View.Features;
        Forget(features);
        foreach (var view in features)
        {
            try
            {
                mayAct = await EvaluateAsync(view, judgeFleet, mayAct, epoch, now, second);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One feature's failure leaves the others judged, and its own state as it was.
                LogFeatureEvaluationFailed(logger, view.Name, e);
            }
        }
    }

    /// <summary>Judges one feature and acts on the verdict; false once this replica was found deposed.</summary>
    private async Task<bool> EvaluateAsync(FeatureView view, bool judgeFleet, bool mayAct, long? epoch, DateTimeOffset now, long second)
    {
        var (feature, file, state) = (view.Name, view.File, view.State);
        var windows = judgeFleet ? fleetOutcomes!.For(view) : view.Windows;

        var track = Track(feature, file.Guard, state, windows?.Seconds ?? 2);
        var seconds = (int)file.Guard.Window.TotalSeconds;
        var since = track.EvidenceSince;
        var input = new GuardInput(
            file.Guard,
            file.Steps,
            state.Stage,
            state.Percentage,
            track.Rules,
            // What the completed seconds hold beyond what was fed; a feature that is not observed
            // has no windows: its verdict says why it is not judged.
            track.Feed.Next(windows, since, second - 1),
            windows?.V4.Snapshot(second - 1, seconds, since) ?? WindowStats.Empty,
            windows?.V4.Snapshot(second - 1, GuardEvaluator.RecentSeconds, since) ?? WindowStats.Empty,
            windows?.V3.Snapshot(second - 1, seconds, since) ?? WindowStats.Empty,
            windows?.V3.Snapshot(second - 1, GuardEvaluator.RecentSeconds, since) ?? WindowStats.Empty);
        var verdict = GuardEvaluator.Evaluate(input, ref track.Memory);
        board.Set(feature, verdict, now);
        // Acting captures the verdict in closures: only a feature with something to do pays for them.
        if (mayAct && (verdict.RecordInconclusive || verdict.RevertTo is not null || view.File.Shadow is not null
            || StepPlanner.Next(file, state, verdict.State, now) is not null))
        {
            return await ActAsync(view, verdict, now, epoch);
        }

        return mayAct;
    }

    /// <summary>Records what the verdict calls for and reverts or advances; false when this replica was found deposed.</summary>
    private async Task<bool> ActAsync(FeatureView view, GuardVerdict verdict, DateTimeOffset now, long? epoch)
    {
        var (feature, file, state) = (view.Name, view.File, view.State);

        // Parity never reverts (a difference is for people to judge); a diff rate above the limit beyond doubt is an event, once per change.
        var parity = view is { File.Shadow: { } shadowPolicy, Shadow: { } shadow } ? Parity.Judge(shadowPolicy, shadow.Read()) : (Parity?)null;
        if (parity is { Breached: true } && view.Shadow!.FirstBreach())
        {
            runtime.Record(id => new RolloutEvent(id, now, feature, EventKinds.ParityFailing, state.Percentage.Value, state.Percentage.Value,
                parity.Value.Reason, FeatureRuntimeState.GuardActor, null));
        }

        if (verdict.RecordInconclusive)
        {
            runtime.Record(id => new RolloutEvent(id, now, feature, EventKinds.Inconclusive, state.Percentage.Value, state.Percentage.Value,
                verdict.Detail, FeatureRuntimeState.GuardActor, GuardEvidenceFactory.From(verdict)));
        }

        OperationResult? result = null;
        if (verdict.RevertTo is { } target && target < state.Percentage)
        {
            result = await runtime.ChangeAsync(
                feature,
                // Re-evaluated on the state in force when it runs (another replica may have reverted first).
                (_, current, at) => target < current.Percentage ? RuntimeTransitions.Revert(current, target, at, verdict.Detail, verdict.Breach!.Rule.ToName()) : null,
                (before, after, at) => id => new RolloutEvent(id, at, feature, EventKinds.Revert, before.Percentage.Value, after.Percentage.Value,
                    verdict.Detail, FeatureRuntimeState.GuardActor, GuardEvidenceFactory.From(verdict)),
                epoch);
        }
        else if (StepPlanner.Next(file, state, verdict.State, now, parity?.AllowsAdvance ?? true) is { } next)
        {
            result = await runtime.ChangeAsync(
                feature,
                (f, current, at) => StepPlanner.Next(f, current, verdict.State, at, parity?.AllowsAdvance ?? true) == next ? RuntimeTransitions.Advance(current, next, at) : null,
                (before, after, at) => id => new RolloutEvent(id, at, feature, EventKinds.Advance, before.Percentage.Value, after.Percentage.Value,
                    after.Reason, FeatureRuntimeState.AutoAdvanceActor, GuardEvidenceFactory.From(verdict)),
                epoch);
        }

        if (result is { Fenced: true } && epoch is { } deposed)
        {
            // Another replica leads now: it judges and acts from here on.
            leadership!.Deposed(deposed);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Drops the tracks and verdicts of features no longer in force, once per new set of features: a
    /// file whose features are renamed or removed again and again must not grow the guard's memory.
    /// </summary>
    private void Forget(ImmutableArray<FeatureView> features)
    {
        if (features == _forgottenFor)
        {
            return;
        }

        _forgottenFor = features;
        var names = features.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _tracks.Keys.Where(n => !names.Contains(n)).ToList())
        {
            _tracks.Remove(name);
        }

        board.Retain(names);
    }

    /// <summary>
    /// Which windows to judge and whether to act: a single replica judges its own and acts; in a
    /// fleet in contact with the store, every replica judges the fleet's and only the leader acts
    /// (under its epoch); cut off from the store, a replica judges its own and may act (the runtime
    /// lets only reverts through, on this replica alone).
    /// </summary>
    private (bool JudgeFleet, bool MayAct, long? Epoch) Role()
    {
        if (fleet is null || leadership is null || fleetOutcomes is null)
        {
            return (false, true, null);
        }

        if (!fleet.Connected)
        {
            return (false, true, null);
        }

        var epoch = leadership.LeadingEpoch();
        return (true, epoch is not null, epoch);
    }

    /// <summary>
    /// Evidence restarts on every percentage change, and when the feature was reverted, forced,
    /// resumed or changed in the file: what v4 did before such a change must not trip the guard
    /// again afterwards, and each step has its own thresholds. After the guard's own revert to the
    /// previous step the critical rules keep their evidence (same thresholds, same v4).
    /// </summary>
    private FeatureTrack Track(string feature, Rollout.Model.GuardPolicy policy, FeatureRuntimeState state, int windowSeconds)
    {
        if (!_tracks.TryGetValue(feature, out var track))
        {
            // First sight (start-up or a new feature): everything recorded so far is evidence.
            _tracks[feature] = track = new FeatureTrack { SeenChange = state.ChangedAt, SeenPercentage = state.Percentage };
        }

        if (track.Feed.Seconds != windowSeconds)
        {
            track.Feed = new EvidenceFeed(windowSeconds); // the windows were allocated or resized
        }

        if (state.ChangedAt != track.SeenChange && (state.Mode != RuntimeMode.Advanced || state.Percentage != track.SeenPercentage))
        {
            var keepCritical = state is { Mode: RuntimeMode.Reverted, Actor: FeatureRuntimeState.GuardActor }
                && state.Percentage > Percentage.Zero && state.Percentage < track.SeenPercentage;
            track.SeenChange = state.ChangedAt;
            track.EvidenceSince = state.ChangedAt.ToUnixTimeSeconds() + 1;
            track.Memory.Reset(keepCritical);
            track.Feed.Reset();
        }

        track.SeenPercentage = state.Percentage;
        if (!ReferenceEquals(track.RulesPolicy, policy) || track.RulesPercentage != state.Percentage)
        {
            track.Rules = GuardEvaluator.RulesFor(policy, state.Percentage);
            track.RulesPolicy = policy;
            track.RulesPercentage = state.Percentage;
        }

        return track;
    }

    private sealed class FeatureTrack
    {
        private GuardMemory _memory;

        public DateTimeOffset SeenChange { get; set; } = DateTimeOffset.MinValue;

        public Percentage SeenPercentage { get; set; }

        public long EvidenceSince { get; set; } = long.MinValue;

        public ref GuardMemory Memory => ref _memory;

        public EvidenceFeed Feed { get; set; } = new(2);

        public Statistics.SequentialRules Rules { get; set; } = null!;

        public Rollout.Model.GuardPolicy? RulesPolicy { get; set; }

        public Percentage RulesPercentage { get; set; }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Guard evaluation failed; the rollout state is unchanged")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Guard evaluation of {Feature} failed; its rollout state is unchanged, the other features were judged")]
    private static partial void LogFeatureEvaluationFailed(ILogger logger, string feature, Exception exception);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Guard: the fleet's outcome exchange failed; judging the fleet's windows as of the last exchange")]
    private static partial void LogExchangeFailed(ILogger logger, Exception exception);
}
