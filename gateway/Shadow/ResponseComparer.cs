using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Compares v3's and v4's answers to one request: status code, media type (parameters such as
/// charset ignored) and, unless the request was HEAD, the bodies: structurally when both are JSON
/// and parse (<see cref="StructuralComparison"/>), byte for byte otherwise. Pure: no I/O, no clock.
/// A body cut at the policy's size limit, or nested deeper than 64 levels, does not parse and is
/// therefore compared as bytes.
/// </summary>
internal static class ResponseComparer
{
    public const int DefaultMaxDifferences = 20;

    /// <param name="ignore">Paths whose nodes (and everything below them) are left out.</param>
    /// <param name="maxDifferences">How many differences are kept in full; all are counted.</param>
    public static ComparisonResult Compare(
        ShadowAnswer v3, ShadowAnswer v4, ImmutableArray<JsonPathPattern> ignore, int maxDifferences = DefaultMaxDifferences)
    {
        ArgumentNullException.ThrowIfNull(v3);
        ArgumentNullException.ThrowIfNull(v4);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDifferences);
        ignore = ignore.IsDefault ? [] : ignore;

        var differences = new DifferenceCollector(maxDifferences);
        if (v3.Status != v4.Status)
        {
            differences.Add(new Difference(
                JsonPaths.Status, v3.Status.ToString(CultureInfo.InvariantCulture), v4.Status.ToString(CultureInfo.InvariantCulture)));
        }

        var v3Type = MediaType(v3.ContentType);
        var v4Type = MediaType(v4.ContentType);
        if (!v3Type.Equals(v4Type, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add(new Difference(JsonPaths.ContentType, Quoted(v3Type), Quoted(v4Type)));
        }

        if (!v3.IsHead && !v4.IsHead)
        {
            Bodies(v3.Body, v4.Body, IsJson(v3Type) && IsJson(v4Type), ignore, differences);
        }

        return differences.ToResult();
    }

    private static void Bodies(
        ReadOnlyMemory<byte> v3, ReadOnlyMemory<byte> v4, bool bothJson, ImmutableArray<JsonPathPattern> ignore, DifferenceCollector differences)
    {
        if (v3.IsEmpty && v4.IsEmpty)
        {
            return;
        }

        if (bothJson && TryParse(v3) is { } left)
        {
            using (left)
            {
                if (TryParse(v4) is { } right)
                {
                    using (right)
                    {
                        new StructuralComparison(ignore, differences).Compare(left.RootElement, right.RootElement);
                        return;
                    }
                }
            }
        }

        if (v3.Span.SequenceEqual(v4.Span) || WholeBodyIgnored(ignore))
        {
            return;
        }

        differences.Add(new Difference(JsonPaths.Root, CompactJson.Preview(v3.Span), CompactJson.Preview(v4.Span)));
    }

    private static bool WholeBodyIgnored(ImmutableArray<JsonPathPattern> ignore)
    {
        foreach (var pattern in ignore)
        {
            if (pattern.Matches(ReadOnlySpan<JsonPathSegment>.Empty))
            {
                return true;
            }
        }

        return false;
    }

    // JsonDocument has no TryParse; an answer labelled JSON that does not parse is compared as bytes.
    private static JsonDocument? TryParse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The media type without parameters, trimmed ("application/json; charset=utf-8" gives "application/json").</summary>
    private static ReadOnlySpan<char> MediaType(string? contentType)
    {
        if (contentType is null)
        {
            return [];
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        return (semicolon >= 0 ? span[..semicolon] : span).Trim();
    }

    private static bool IsJson(ReadOnlySpan<char> mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || (mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && mediaType.IndexOf('/') > 0);

    // As a JSON string, like every other value a difference shows; null when there is no content type.
    private static string? Quoted(ReadOnlySpan<char> mediaType)
    {
        if (mediaType.IsEmpty)
        {
            return null;
        }

        var text = new System.Text.StringBuilder(mediaType.Length + 2).Append('"');
        foreach (var c in mediaType.ToString().ToLowerInvariant())
        {
            if (c is '"' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return CompactJson.Truncate(text.Append('"'));
    }
}
