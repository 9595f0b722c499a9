using System.Text;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// The text of concrete paths the comparer reports: <c>$</c> for the whole body, <c>.name</c> for a
/// member whose name is plain (ASCII letters, digits, '_' and '-'), <c>['odd key']</c> otherwise
/// (with <c>\'</c> and <c>\\</c> escaped), <c>[n]</c> for an element. The same text parses as a
/// <see cref="JsonPathPattern"/> that matches exactly that path.
/// </summary>
internal static class JsonPaths
{
    public const string Root = "$";

    /// <summary>The pseudo-path of a status code difference.</summary>
    public const string Status = "(status)";

    /// <summary>The pseudo-path of a content type difference.</summary>
    public const string ContentType = "(content-type)";

    public static string Format(ReadOnlySpan<JsonPathSegment> path)
    {
        if (path.IsEmpty)
        {
            return Root;
        }

        var text = new StringBuilder(Root, 16 * path.Length);
        foreach (var segment in path)
        {
            if (segment.IsIndex)
            {
                text.Append('[').Append(segment.Index).Append(']');
            }
            else
            {
                AppendMember(text, segment.Name);
            }
        }

        return text.ToString();
    }

    /// <summary>Appends <c>.name</c> or <c>['name']</c>.</summary>
    public static void AppendMember(StringBuilder text, string name)
    {
        if (IsPlainName(name))
        {
            text.Append('.').Append(name);
        }
        else
        {
            AppendQuoted(text, name);
        }
    }

    /// <summary>Appends <c>['name']</c> with quotes and backslashes escaped.</summary>
    public static void AppendQuoted(StringBuilder text, string name)
    {
        text.Append("['");
        foreach (var c in name)
        {
            if (c is '\'' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        text.Append("']");
    }

    public static bool IsPlainName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsPlainNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsPlainNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    /// <summary>
    /// Replaces every index with <c>[*]</c> (<c>$.items[3].rating</c> becomes <c>$.items[*].rating</c>),
    /// leaving quoted names alone, so differences at the same place in different elements are counted
    /// together. Returns the same string when there is no index.
    /// </summary>
    public static string Generalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var first = path.IndexOf('[', StringComparison.Ordinal);
        if (first < 0)
        {
            return path;
        }

        StringBuilder? text = null;
        var copied = 0;
        var i = first;
        while (i < path.Length)
        {
            if (path[i] != '[')
            {
                i++;
                continue;
            }

            if (i + 1 < path.Length && path[i + 1] == '\'')
            {
                i = AfterQuoted(path, i + 2);
                continue;
            }

            var end = i + 1;
            while (end < path.Length && char.IsAsciiDigit(path[end]))
            {
                end++;
            }

            if (end > i + 1 && end < path.Length && path[end] == ']')
            {
                text ??= new StringBuilder(path.Length);
                text.Append(path, copied, i - copied).Append("[*]");
                copied = end + 1;
            }

            i = end;
        }

        if (text is null)
        {
            return path;
        }

        return text.Append(path, copied, path.Length - copied).ToString();
    }

    // The position after the closing quote of a quoted name whose text starts at start.
    private static int AfterQuoted(string path, int start)
    {
        for (var i = start; i < path.Length; i++)
        {
            if (path[i] == '\\')
            {
                i++;
            }
            else if (path[i] == '\'')
            {
                return i + 1;
            }
        }

        return path.Length;
    }
}
