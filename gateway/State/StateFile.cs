using System.Text.Json;

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
            || persisted.Version is not (PersistedState.CurrentVersion or PersistedState.TextRevisionVersion)
            || persisted.Features is null)
        {
            return Corrupt($"unsupported content (expected version {PersistedState.TextRevisionVersion} or {PersistedState.CurrentVersion})");
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

        return new StateLoadResult(states, null, TextRevisions: persisted.Version == PersistedState.TextRevisionVersion);
    }

    public async Task SaveAsync(IReadOnlyCollection<FeatureRuntimeState> states, DateTimeOffset savedAt, CancellationToken cancellationToken)
    {
        var document = new PersistedState(
            PersistedState.CurrentVersion,
            savedAt,
            states.OrderBy(s => s.Feature, StringComparer.Ordinal).Select(PersistedStateMapper.ToPersisted).ToArray());

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
