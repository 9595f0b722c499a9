using System.Collections.Immutable;
using System.Text.Json;
using Strangler.Gateway.Reporting;

namespace Strangler.Gateway.State;

/// <summary>
/// Runtime state in a JSON file, replaced atomically: write a temporary file in the same directory,
/// flush it to disk, then rename it over the old one, so a crash leaves either the old or the new
/// state, never a torn one. Each save has its own temporary name, so a second process saving to the
/// same file (a misconfigured second replica) cannot make a save fail; the last rename wins.
/// </summary>
internal sealed class StateFile(string path) : IStateFile
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public string Location { get; } = Path.GetFullPath(path);

    public async Task<StateLoadResult> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Location))
        {
            return StateLoadResult.Empty;
        }

        PersistedState? persisted;
        try
        {
            await using var stream = File.OpenRead(Location);
            persisted = await JsonSerializer.DeserializeAsync(stream, StateJsonContext.Default.PersistedState, cancellationToken);
        }
        catch (JsonException e)
        {
            return Corrupt($"not valid JSON ({e.Message})");
        }
        catch (IOException e)
        {
            return Corrupt($"unreadable ({e.Message})");
        }

        if (persisted is null
            || persisted.Version is not (PersistedState.CurrentVersion or PersistedState.NoHistoryVersion or PersistedState.TextRevisionVersion)
            || persisted.Features is null)
        {
            return Corrupt($"unsupported content (expected version {PersistedState.TextRevisionVersion} to {PersistedState.CurrentVersion})");
        }

        var states = new Dictionary<string, FeatureRuntimeState>(StringComparer.Ordinal);
        foreach (var entry in persisted.Features)
        {
            var state = PersistedStateMapper.FromPersisted(entry, out var error);
            if (state is null)
            {
                return Corrupt(error!);
            }

            states[state.Feature] = state;
        }

        var history = StepHistory.Empty;
        foreach (var entry in persisted.History ?? [])
        {
            if (string.IsNullOrEmpty(entry.Feature) || entry.Steps is null || entry.Steps.Any(s => s is null || s.EndedBy is null))
            {
                return Corrupt("a history entry lacks its feature, steps or how a step ended");
            }

            history = history.SetItem(entry.Feature, [.. entry.Steps.TakeLast(StepHistory.Capacity)]);
        }

        return new StateLoadResult(states, null, TextRevisions: persisted.Version == PersistedState.TextRevisionVersion, History: history);
    }

    public async Task SaveAsync(
        IReadOnlyCollection<FeatureRuntimeState> states,
        IReadOnlyDictionary<string, ImmutableList<StepRecord>> history,
        DateTimeOffset savedAt,
        CancellationToken cancellationToken)
    {
        var document = new PersistedState(
            PersistedState.CurrentVersion,
            savedAt,
            states.OrderBy(s => s.Feature, StringComparer.Ordinal).Select(PersistedStateMapper.ToPersisted).ToArray(),
            history.Where(h => h.Value.Count > 0).OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => new PersistedHistory(h.Key, h.Value)).ToArray());

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var temp = $"{Location}.{Guid.NewGuid():N}.tmp";
            try
            {
                await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                {
                    await JsonSerializer.SerializeAsync(stream, document, StateJsonContext.Default.PersistedState, cancellationToken);
                    await stream.FlushAsync(cancellationToken);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, Location, overwrite: true);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The save's own error is the one to report; a leftover temporary file is harmless.
        }
    }

    private StateLoadResult Corrupt(string why) =>
        StateLoadResult.Empty with { Error = $"state file {Location} is {why}; starting from rollout.json" };
}
