using System.Collections.Immutable;
using Strangler.Gateway.Reporting;

namespace Strangler.Gateway.State;

/// <summary>Durable runtime state: a file by default; a shared store when several replicas run.</summary>
internal interface IStateFile
{
    /// <summary>Where the state lives, for status and logs.</summary>
    string Location { get; }

    Task<StateLoadResult> LoadAsync(CancellationToken cancellationToken);

    /// <param name="history">Each feature's ended steps (the rollout report's figures), kept beside the states.</param>
    Task SaveAsync(
        IReadOnlyCollection<FeatureRuntimeState> states,
        IReadOnlyDictionary<string, ImmutableList<StepRecord>> history,
        DateTimeOffset savedAt,
        CancellationToken cancellationToken);
}

/// <param name="States">Persisted states by feature (empty when none were saved yet).</param>
/// <param name="Error">Set when the state exists but cannot be used; the gateway then starts from rollout.json.</param>
/// <param name="TextRevisions">
/// The states' file revisions are text revisions (a state file of version 1), to be matched with
/// <see cref="Rollout.Model.FeatureConfig.TextRevision"/> once.
/// </param>
/// <param name="History">Each feature's ended steps; empty from a state file older than version 3.</param>
internal sealed record StateLoadResult(
    IReadOnlyDictionary<string, FeatureRuntimeState> States,
    string? Error,
    bool TextRevisions = false,
    ImmutableDictionary<string, ImmutableList<StepRecord>>? History = null)
{
    public static StateLoadResult Empty { get; } = new(new Dictionary<string, FeatureRuntimeState>(), null);

    public ImmutableDictionary<string, ImmutableList<StepRecord>> Steps => History ?? StepHistory.Empty;
}
