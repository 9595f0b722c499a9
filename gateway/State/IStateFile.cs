namespace Strangler.Gateway.State;

/// <summary>Durable runtime state: a file by default; a shared store when several replicas run.</summary>
internal interface IStateFile
{
    /// <summary>Where the state lives, for status and logs.</summary>
    string Location { get; }

    Task<StateLoadResult> LoadAsync(CancellationToken cancellationToken);

    Task SaveAsync(IReadOnlyCollection<FeatureRuntimeState> states, DateTimeOffset savedAt, CancellationToken cancellationToken);
}

/// <param name="States">Persisted states by feature (empty when none were saved yet).</param>
/// <param name="Error">Set when the state exists but cannot be used; the gateway then starts from rollout.json.</param>
/// <param name="TextRevisions">
/// The states' file revisions are text revisions (a state file of version 1), to be matched with
/// <see cref="Rollout.Model.FeatureConfig.TextRevision"/> once.
/// </param>
internal sealed record StateLoadResult(IReadOnlyDictionary<string, FeatureRuntimeState> States, string? Error, bool TextRevisions = false)
{
    public static StateLoadResult Empty { get; } = new(new Dictionary<string, FeatureRuntimeState>(), null);
}
