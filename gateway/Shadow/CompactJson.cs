using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// The short text a <see cref="Difference"/> shows for a value: compact JSON (no whitespace,
/// strings and numbers as written), or the start of a body that is not JSON, at most
/// <see cref="MaxLength"/> characters, ending in "…" when cut.
/// </summary>
internal static class CompactJson
{
    public const int MaxLength = 120;

    public static string Format(JsonElement value)
    {
        var text = new StringBuilder(32);
        Write(text, value);
        return Truncate(text);
    }

    /// <summary>The start of a body as UTF-8 text (invalid bytes shown as U+FFFD); null for an empty body.</summary>
    public static string? Preview(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        var text = new StringBuilder(MaxLength + 8);
        AppendUtf8(text, body);
        return Truncate(text);
    }

    public static string Truncate(StringBuilder text)
    {
        if (text.Length <= MaxLength)
        {
            return text.ToString();
        }

        // One character less than the limit, and never half a surrogate pair, to leave room for "…".
        var cut = MaxLength - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.ToString(0, cut), "…");
    }

    // Stops writing once the text is longer than the limit: the rest would be cut anyway, and a
    // missing subtree may be most of a 256 KiB body.
    private static void Write(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var firstMember = true;
                foreach (var member in value.EnumerateObject())
                {
                    if (text.Length > MaxLength)
                    {
                        return;
                    }

                    if (!firstMember)
                    {
                        text.Append(',');
                    }

                    firstMember = false;
                    text.Append('"');
                    AppendUtf8(text, JsonMarshal.GetRawUtf8PropertyName(member));
                    text.Append("\":");
                    Write(text, member.Value);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (text.Length > MaxLength)
                    {
                        return;
                    }

                    if (!firstItem)
                    {
                        text.Append(',');
                    }

                    firstItem = false;
                    Write(text, item);
                }

                text.Append(']');
                break;
            default:
                AppendUtf8(text, JsonMarshal.GetRawUtf8Value(value));
                break;
        }
    }

    // Decodes only as many bytes as can still show: three bytes give at least one UTF-16 character.
    private static void AppendUtf8(StringBuilder text, ReadOnlySpan<byte> utf8)
    {
        var room = MaxLength + 1 - text.Length;
        if (room <= 0)
        {
            return;
        }

        var take = Math.Min(utf8.Length, (room * 3) + 3);
        text.Append(Encoding.UTF8.GetString(utf8[..take]));
    }
}
