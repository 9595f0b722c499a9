namespace Strangler.Gateway.State;

/// <summary>Durable runtime state: a file by default; a shared store when several replicas run.</summary>
internal interface IRolloutStateStore
{
    /// <summary>Where the state lives, for status and logs.</summary>
    string Location { get; }

    Task<StateLoadResult> LoadAsync(CancellationToken cancellationToken);

    Task SaveAsync(IReadOnlyCollection<FeatureRuntimeState> states, DateTimeOffset savedAt, CancellationToken cancellationToken);
}

/// <param name="States">Persisted states by feature (empty when none were saved yet).</param>
/// <param name="Error">Set when the state exists but cannot be used; the gateway then starts from rollout.json.</param>
internal sealed record StateLoadResult(IReadOnlyDictionary<string, FeatureRuntimeState> States, string? Error)
{
    public static StateLoadResult Empty { get; } = new(new Dictionary<string, FeatureRuntimeState>(), null);
}
