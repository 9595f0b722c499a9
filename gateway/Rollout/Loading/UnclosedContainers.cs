namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// Tracks the objects and arrays open while a document is read, to explain a document that ends
/// before all of them are closed. A parser only sees that the outermost object is unclosed at the
/// end of the file, which does not help anyone find a '}' deleted at line 42. Indentation does:
/// the first line inside a container that is indented like the line that opened it (or a closer
/// indented for an outer level) is where that container should have been closed. Offsets are byte
/// offsets of the whole file.
/// </summary>
internal sealed class UnclosedContainers(LineMap lines, int end)
{
    private readonly Stack<Container> _open = new();
    private Hint? _hint;

    public void Open(int offset, bool isObject, string path) =>
        _open.Push(new Container(offset, isObject, path, lines.Position(offset).Line));

    /// <summary>A property name or array item starts at <paramref name="offset"/> in the innermost open container.</summary>
    public void Content(int offset)
    {
        if (_hint is null && _open.TryPeek(out var container) && StartsOuterLine(offset, container, allowEqual: true))
        {
            _hint = new Hint(container, offset, AtCloser: false);
        }
    }

    /// <summary>The innermost open container is closed by the '}' or ']' at <paramref name="offset"/>.</summary>
    public void Close(int offset)
    {
        var container = _open.Pop();
        if (_hint is null && StartsOuterLine(offset, container, allowEqual: false))
        {
            _hint = new Hint(container, offset, AtCloser: true);
        }
    }

    /// <summary>The message for a document that ended at <c>end</c>, and where to report it.</summary>
    public string Describe(out int offset, out string path)
    {
        var eof = At(end);
        if (!_open.TryPeek(out var innermost))
        {
            offset = end;
            path = "$";
            return "the file ends in the middle of a value (truncated?)";
        }

        if (_hint is not { } hint)
        {
            offset = end;
            path = innermost.Path;
            return $"the file ends inside the {innermost.Kind} opened at {At(innermost.Offset)}: "
                + $"a '{innermost.Closer}' is missing or the file is truncated";
        }

        var c = hint.Container;
        offset = hint.Offset;
        path = c.Path;
        var before = hint.AtCloser
            ? $"this '{lines.CharAt(hint.Offset)}', which is indented for an outer level"
            : "this line, which is indented like the line that opened it";
        return $"the {c.Kind} opened at {At(c.Offset)} is never closed: its '{c.Closer}' is probably missing before {before} "
            + $"(the file ends at {eof} with the {innermost.Kind} opened at {At(innermost.Offset)} ({innermost.Path}) still open)";
    }

    // The token is the first thing on a later line than the container's, and indented no deeper
    // than that line (content) or less deep (a closer): the container should have ended before it.
    // Indentation that mixes tabs and spaces differently on the two lines proves nothing.
    private bool StartsOuterLine(int offset, Container container, bool allowEqual)
    {
        if (!lines.IsFirstOnLine(offset) || lines.Position(offset).Line == container.Line)
        {
            return false;
        }

        return lines.CompareIndentation(offset, container.Offset) is { } depth && (allowEqual ? depth <= 0 : depth < 0);
    }

    private string At(int offset)
    {
        var (line, column) = lines.Position(offset);
        return $"{line}:{column}";
    }

    private sealed record Container(int Offset, bool IsObject, string Path, int Line)
    {
        public string Kind => IsObject ? "object" : "array";

        public char Closer => IsObject ? '}' : ']';
    }

    private sealed record Hint(Container Container, int Offset, bool AtCloser);
}
