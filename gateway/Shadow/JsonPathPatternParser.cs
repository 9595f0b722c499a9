using System.Globalization;
using System.Text;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Reads the text of a <see cref="JsonPathPattern"/> into segments, or says what is wrong and at
/// which character (1-based, counted in the pattern's own text).
/// </summary>
internal static class JsonPathPatternParser
{
    // Returns an error message, or null when the text parsed into segments.
    public static string? Parse(string text, List<PatternSegment> segments)
    {
        if (text.Length == 0 || text[0] != '$')
        {
            return "must start with '$' (the whole body) at character 1";
        }

        var i = 1;
        while (i < text.Length)
        {
            string? error;
            switch (text[i])
            {
                case '.' when i + 1 < text.Length && text[i + 1] == '.':
                    error = Descendant(text, ref i, segments);
                    break;
                case '.':
                    error = Member(text, ref i, segments);
                    break;
                case '[':
                    error = Bracket(text, ref i, segments);
                    break;
                default:
                    error = Unexpected(text, i, "'.' or '['");
                    break;
            }

            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? Descendant(string text, ref int i, List<PatternSegment> segments)
    {
        var start = i + 2;
        if (start < text.Length && text[start] == '[')
        {
            if (start + 1 >= text.Length || text[start + 1] != '\'')
            {
                return $"expected a quoted name after '..[' at character {start + 2} (only members can be searched for at any depth)";
            }

            var quotedError = Quoted(text, start + 1, out var quoted, out i);
            if (quotedError is null)
            {
                segments.Add(new PatternSegment(PatternSegmentKind.Descendant, quoted));
            }

            return quotedError;
        }

        var end = NameEnd(text, start);
        if (end == start)
        {
            return start < text.Length
                ? Unexpected(text, start, "a member name after '..' (write ['name'] for names that are not plain)")
                : $"expected a member name after '..' at character {start + 1} (the text ends there)";
        }

        segments.Add(new PatternSegment(PatternSegmentKind.Descendant, text[start..end]));
        i = end;
        return null;
    }

    private static string? Member(string text, ref int i, List<PatternSegment> segments)
    {
        var start = i + 1;
        if (start < text.Length && text[start] == '*')
        {
            segments.Add(new PatternSegment(PatternSegmentKind.AnyMember));
            i = start + 1;
            return null;
        }

        var end = NameEnd(text, start);
        if (end == start)
        {
            return start < text.Length
                ? Unexpected(text, start, "a member name or '*' after '.' (write ['name'] for names that are not plain)")
                : $"expected a member name or '*' after '.' at character {start + 1} (the text ends there)";
        }

        segments.Add(new PatternSegment(PatternSegmentKind.Name, text[start..end]));
        i = end;
        return null;
    }

    private static string? Bracket(string text, ref int i, List<PatternSegment> segments)
    {
        var start = i + 1;
        if (start >= text.Length)
        {
            return $"'[' at character {i + 1} is never closed: expected an index, '*' or a quoted name";
        }

        var c = text[start];
        if (c == '\'')
        {
            var error = Quoted(text, start, out var name, out i);
            if (error is null)
            {
                segments.Add(new PatternSegment(PatternSegmentKind.Name, name));
            }

            return error;
        }

        if (c == '*')
        {
            var closeError = Close(text, start + 1, "'*'");
            if (closeError is null)
            {
                segments.Add(new PatternSegment(PatternSegmentKind.AnyElement));
                i = start + 2;
            }

            return closeError;
        }

        if (!char.IsAsciiDigit(c))
        {
            return Unexpected(text, start, "an index, '*' or a quoted name after '['");
        }

        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (c == '0' && end > start + 1)
        {
            return $"the index at character {start + 1} has a leading zero: write it as {text[start..end].TrimStart('0').PadLeft(1, '0')}";
        }

        if (!int.TryParse(text.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return $"the index at character {start + 1} is too large (at most {int.MaxValue})";
        }

        var closed = Close(text, end, "the index");
        if (closed is null)
        {
            segments.Add(new PatternSegment(PatternSegmentKind.Index, Index: index));
            i = end + 1;
        }

        return closed;
    }

    // Reads 'name' from the quote at quote; next is the position after the closing ']'.
    private static string? Quoted(string text, int quote, out string name, out int next)
    {
        name = string.Empty;
        next = quote;
        var value = new StringBuilder();
        var i = quote + 1;
        while (true)
        {
            if (i >= text.Length)
            {
                return $"the quoted name opened at character {quote + 1} is never closed: expected a closing '";
            }

            var c = text[i];
            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    return $"the quoted name opened at character {quote + 1} is never closed: expected a closing '";
                }

                if (text[i + 1] is not ('\'' or '\\'))
                {
                    return $"invalid escape '\\{text[i + 1]}' at character {i + 1}: inside quotes only \\' and \\\\ are escapes";
                }

                value.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == '\'')
            {
                break;
            }

            value.Append(c);
            i++;
        }

        var error = Close(text, i + 1, "the quoted name");
        if (error is null)
        {
            name = value.ToString();
            next = i + 2;
        }

        return error;
    }

    private static string? Close(string text, int at, string what) =>
        at < text.Length && text[at] == ']'
            ? null
            : at < text.Length
                ? Unexpected(text, at, $"']' after {what}")
                : $"expected ']' after {what} at character {at + 1} (the text ends there)";

    private static string Unexpected(string text, int at, string expected) =>
        $"unexpected '{text[at]}' at character {at + 1}: expected {expected}";

    private static int NameEnd(string text, int start)
    {
        var end = start;
        while (end < text.Length && JsonPaths.IsPlainNameChar(text[end]))
        {
            end++;
        }

        return end;
    }
}
