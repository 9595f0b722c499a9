using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// Reads JSON (comments and trailing commas allowed) into a <see cref="JsonNode"/> tree with byte
/// offsets. A syntax error, including a truncated file, is returned with its offset.
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
    public static JsonNode? Read(ReadOnlySpan<byte> utf8, int baseOffset, out int errorOffset, out string? error)
    {
        errorOffset = 0;
        error = null;
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: new JsonReaderState(Options));
        try
        {
            if (!reader.Read())
            {
                error = "the file is empty; expected a JSON object";
                return null;
            }

            var root = ReadValue(ref reader, baseOffset);
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
            error = Describe(e, utf8, at);
            errorOffset = baseOffset + (IsTruncation(e, utf8, at) ? utf8.Length : at);
            return null;
        }
    }

    private static JsonNode ReadValue(ref Utf8JsonReader reader, int origin)
    {
        var start = origin + (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = ImmutableArray.CreateBuilder<JsonPropertyNode>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var nameStart = origin + (int)reader.TokenStartIndex;
                    var name = reader.GetString()!;
                    reader.Read();
                    properties.Add(new JsonPropertyNode(name, nameStart, ReadValue(ref reader, origin)));
                }

                return new JsonObjectNode(start, origin + (int)reader.TokenStartIndex + 1, properties.ToImmutable());
            case JsonTokenType.StartArray:
                var items = ImmutableArray.CreateBuilder<JsonNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, origin));
                }

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

    private static string Describe(JsonException e, ReadOnlySpan<byte> utf8, int offset)
    {
        if (IsTruncation(e, utf8, offset))
        {
            return "the file ends in the middle of the JSON document (truncated?)";
        }

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
