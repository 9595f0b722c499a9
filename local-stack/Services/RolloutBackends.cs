using System.Text.Json;

namespace Strangler.LocalStack.Services;

/// <summary>The v3 and v4 URLs the stack starts its backends on: the first destination of each backend in the rollout file.</summary>
internal sealed record RolloutBackends(Uri V3, Uri V4)
{
    private static readonly JsonDocumentOptions Relaxed = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads the backends, or says what is wrong with them (the gateway validates the rest of the file).</summary>
    public static (RolloutBackends? Backends, string? Error) Read(string rolloutFile)
    {
        if (!File.Exists(rolloutFile))
        {
            return (null, $"{rolloutFile}: no such file (pass --rollout <file>)");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(rolloutFile), Relaxed);
            var v3 = Destination(document.RootElement, "v3", out var v3Error);
            var v4 = Destination(document.RootElement, "v4", out var v4Error);
            var error = v3Error ?? v4Error;
            return error is null ? (new RolloutBackends(v3!, v4!), null) : (null, $"{rolloutFile}: {error}");
        }
        catch (JsonException e)
        {
            return (null, $"{rolloutFile}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: invalid JSON: {e.Message}");
        }
    }

    private static Uri? Destination(JsonElement root, string backend, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("backends", out var backends) || backends.ValueKind != JsonValueKind.Object
            || !backends.TryGetProperty(backend, out var entry) || entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("destinations", out var destinations) || destinations.ValueKind != JsonValueKind.Array
            || destinations.GetArrayLength() == 0 || destinations[0].ValueKind != JsonValueKind.String)
        {
            error = $"$.backends.{backend}.destinations[0] is missing; the local stack starts {backend} there";
            return null;
        }

        var text = destinations[0].GetString()!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || !uri.IsLoopback)
        {
            error = $"$.backends.{backend}.destinations[0] is '{text}'; the local stack starts {backend} on this machine, so it must be http://127.0.0.1:<port>";
            return null;
        }

        return uri;
    }
}
