using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// A path to leave out of a comparison ("ignore" in a feature's shadow settings), in a subset of
/// JSONPath: <c>$</c>, then any of <c>.name</c> (ASCII letters, digits, '_', '-'), <c>['any name']</c>
/// (<c>\'</c> and <c>\\</c> escaped), <c>[n]</c>, <c>[*]</c> (any element), <c>.*</c> (any member) and
/// <c>..name</c> or <c>..['any name']</c> (that member at any depth below). A pattern matches a node's
/// path exactly; the comparer then skips the node with everything below it.
/// </summary>
internal sealed class JsonPathPattern : IEquatable<JsonPathPattern>
{
    private readonly PatternSegment[] _segments;
    private readonly string _text;

    // The number of concrete segments every match has; -1 when a descendant segment makes it vary.
    private readonly int _fixedLength;

    private JsonPathPattern(PatternSegment[] segments)
    {
        _segments = segments;
        _text = Canonical(segments);
        _fixedLength = segments.Any(s => s.Kind == PatternSegmentKind.Descendant) ? -1 : segments.Length;
    }

    public IReadOnlyList<PatternSegment> Segments => _segments;

    /// <summary>True when the pattern has no wildcard or descendant: it names exactly one path.</summary>
    public bool IsConcrete => _segments.All(s => s.Kind is PatternSegmentKind.Name or PatternSegmentKind.Index);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong and at which character (1-based).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out JsonPathPattern? pattern, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pattern = null;
        var segments = new List<PatternSegment>();
        error = JsonPathPatternParser.Parse(text, segments);
        if (error is not null)
        {
            return false;
        }

        pattern = new JsonPathPattern([.. segments]);
        return true;
    }

    /// <summary>Parses a pattern known to be valid (constants, tests); throws <see cref="FormatException"/> otherwise.</summary>
    public static JsonPathPattern Parse(string text) =>
        TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException($"invalid JSON path \"{text}\": {error}");

    /// <summary>Whether the pattern matches this concrete path exactly (the empty path is <c>$</c>).</summary>
    public bool Matches(ReadOnlySpan<JsonPathSegment> path) =>
        (_fixedLength < 0 || _fixedLength == path.Length) && Match(_segments, path);

    /// <summary>
    /// Whether the pattern matches a concrete path given as text (as <see cref="JsonPaths.Format"/>
    /// writes it); false for text that is no concrete path.
    /// </summary>
    public bool Matches(string concretePath)
    {
        if (!TryParse(concretePath, out var concrete, out _) || !concrete.IsConcrete)
        {
            return false;
        }

        var path = new JsonPathSegment[concrete._segments.Length];
        for (var i = 0; i < path.Length; i++)
        {
            var segment = concrete._segments[i];
            path[i] = segment.Kind == PatternSegmentKind.Index ? JsonPathSegment.Element(segment.Index) : JsonPathSegment.Member(segment.Name!);
        }

        return Matches(path);
    }

    /// <summary>The canonical text: plain names with a dot, other names quoted, nothing else changed.</summary>
    public override string ToString() => _text;

    public bool Equals(JsonPathPattern? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is JsonPathPattern other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    private static bool Match(ReadOnlySpan<PatternSegment> pattern, ReadOnlySpan<JsonPathSegment> path)
    {
        while (!pattern.IsEmpty)
        {
            var head = pattern[0];
            if (head.Kind == PatternSegmentKind.Descendant)
            {
                // The name at any depth: try every later member of that name as the one the rest follows.
                for (var i = 0; i < path.Length; i++)
                {
                    if (path[i].NameEquals(head.Name!) && Match(pattern[1..], path[(i + 1)..]))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (path.IsEmpty || !head.MatchesOne(path[0]))
            {
                return false;
            }

            pattern = pattern[1..];
            path = path[1..];
        }

        return path.IsEmpty;
    }

    private static string Canonical(PatternSegment[] segments)
    {
        var text = new StringBuilder(JsonPaths.Root);
        foreach (var segment in segments)
        {
            switch (segment.Kind)
            {
                case PatternSegmentKind.Name:
                    JsonPaths.AppendMember(text, segment.Name!);
                    break;
                case PatternSegmentKind.Index:
                    text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                    break;
                case PatternSegmentKind.AnyElement:
                    text.Append("[*]");
                    break;
                case PatternSegmentKind.AnyMember:
                    text.Append(".*");
                    break;
                case PatternSegmentKind.Descendant when JsonPaths.IsPlainName(segment.Name):
                    text.Append("..").Append(segment.Name);
                    break;
                case PatternSegmentKind.Descendant:
                    text.Append("..");
                    JsonPaths.AppendQuoted(text, segment.Name!);
                    break;
            }
        }

        return text.ToString();
    }
}
