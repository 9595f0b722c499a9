using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// Reads JSON (comments and trailing commas allowed) into a <see cref="JsonNode"/> tree with byte
/// offsets. A syntax error is returned with its offset. When the file ends before every object and
/// array is closed (a deleted '}' or ']', or a truncated file), the error says which one was left
/// open and where it was opened (<see cref="UnclosedContainers"/>).
/// </summary>
internal static class JsonTreeReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    /// <param name="utf8">The document without a byte order mark.</param>
    /// <param name="baseOffset">Added to every offset (e.g. the length of a skipped byte order mark).</param>
    /// <param name="lines">Positions of the whole file, for messages that name a second place.</param>
    /// <param name="errorPath">The JSON path the error is about: the unclosed container's, else "$".</param>
    public static JsonNode? Read(ReadOnlySpan<byte> utf8, int baseOffset, LineMap lines, out int errorOffset, out string errorPath, out string? error)
    {
        errorOffset = baseOffset;
        errorPath = "$";
        error = null;
        if (JsonBlank.IsBlank(utf8))
        {
            error = "the file is empty (nothing but whitespace and comments); expected a JSON object";
            return null;
        }

        // Tracking open containers costs a line lookup per item and a path per container; only a
        // truncated document needs it, so it is read a second time, tracked, when that happens.
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: new JsonReaderState(Options));
        try
        {
            reader.Read();
            var root = ReadValue(ref reader, baseOffset, null, null);
            if (reader.Read())
            {
                errorOffset = baseOffset + (int)reader.TokenStartIndex;
                error = "unexpected content after the end of the JSON document";
                return null;
            }

            return root;
        }
        catch (JsonException e)
        {
            var at = Math.Min((int)reader.BytesConsumed, utf8.Length);
            if (IsTruncation(e, utf8, at))
            {
                error = DescribeUnclosed(utf8, baseOffset, lines, out errorOffset, out errorPath);
                return null;
            }

            error = Describe(e);
            errorOffset = baseOffset + at;
            return null;
        }
    }

    // The same read as the first, with the open containers tracked up to where the document ends.
    private static string DescribeUnclosed(ReadOnlySpan<byte> utf8, int baseOffset, LineMap lines, out int errorOffset, out string errorPath)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: new JsonReaderState(Options));
        var containers = new UnclosedContainers(lines, baseOffset + utf8.Length);
        try
        {
            reader.Read();
            ReadValue(ref reader, baseOffset, containers, "$");
        }
        catch (JsonException)
        {
            // Expected: the first read ended here too.
        }

        return containers.Describe(out errorOffset, out errorPath);
    }

    /// <param name="containers">Null when not tracked (then <paramref name="path"/> is null too).</param>
    private static JsonNode ReadValue(ref Utf8JsonReader reader, int origin, UnclosedContainers? containers, string? path)
    {
        var start = origin + (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                containers?.Open(start, isObject: true, path!);
                var properties = ImmutableArray.CreateBuilder<JsonPropertyNode>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var nameStart = origin + (int)reader.TokenStartIndex;
                    var name = reader.GetString()!;
                    containers?.Content(nameStart);
                    reader.Read();
                    properties.Add(new JsonPropertyNode(name, nameStart, ReadValue(ref reader, origin, containers, containers is null ? null : BindContext.Child(path!, name))));
                }

                containers?.Close(origin + (int)reader.TokenStartIndex);
                return new JsonObjectNode(start, origin + (int)reader.TokenStartIndex + 1, properties.ToImmutable());
            case JsonTokenType.StartArray:
                containers?.Open(start, isObject: false, path!);
                var items = ImmutableArray.CreateBuilder<JsonNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    containers?.Content(origin + (int)reader.TokenStartIndex);
                    items.Add(ReadValue(ref reader, origin, containers, containers is null ? null : BindContext.Index(path!, items.Count)));
                }

                containers?.Close(origin + (int)reader.TokenStartIndex);
                return new JsonArrayNode(start, origin + (int)reader.TokenStartIndex + 1, items.ToImmutable());
            case JsonTokenType.String:
                return new JsonStringNode(start, origin + (int)reader.BytesConsumed, reader.GetString()!);
            case JsonTokenType.Number:
                return new JsonNumberNode(start, origin + (int)reader.BytesConsumed, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new JsonBoolNode(start, origin + (int)reader.BytesConsumed, reader.GetBoolean());
            default:
                return new JsonNullNode(start, origin + (int)reader.BytesConsumed);
        }
    }

    private static bool IsTruncation(JsonException e, ReadOnlySpan<byte> utf8, int offset) =>
        offset >= utf8.Length
        || e.Message.Contains("end of the JSON payload", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase);

    private static string Describe(JsonException e)
    {
        // System.Text.Json's message ends with a position suffix we report ourselves.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return "invalid JSON: " + (cut > 0 ? message[..cut].TrimEnd(' ', '|', '.') : message);
    }
}
