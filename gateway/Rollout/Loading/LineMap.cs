using System.Text;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>Converts byte offsets of a UTF-8 document into 1-based line and column (in characters).</summary>
internal sealed class LineMap
{
    private readonly byte[] _utf8;
    private readonly List<int> _lineStarts = [0];

    public LineMap(byte[] utf8)
    {
        _utf8 = utf8;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, _utf8.Length);
        var lineStart = LineStart(offset, out var line);
        if (lineStart == 0 && offset >= 3 && _utf8.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            lineStart = 3; // a byte order mark is no column an editor shows
        }

        var column = Encoding.UTF8.GetCharCount(_utf8.AsSpan(lineStart, offset - lineStart));
        return (line + 1, column + 1);
    }

    // How many spaces and tabs the line holding the offset starts with.
    private int Indentation(int offset)
    {
        var start = LineStart(Math.Clamp(offset, 0, _utf8.Length), out _);
        var end = start;
        while (end < _utf8.Length && _utf8[end] is (byte)' ' or (byte)'\t')
        {
            end++;
        }

        return end - start;
    }

    /// <summary>
    /// Compares the indentation of the lines holding two offsets: negative when the first is shallower
    /// (its indentation is a proper prefix of the other's), 0 when equal, positive when deeper, and null
    /// when they cannot be compared (one indents with tabs where the other has spaces).
    /// </summary>
    public int? CompareIndentation(int offset, int other)
    {
        var a = IndentationSpan(offset);
        var b = IndentationSpan(other);
        var common = a.CommonPrefixLength(b);
        return common == Math.Min(a.Length, b.Length) ? a.Length.CompareTo(b.Length) : null;
    }

    /// <summary>True when only spaces and tabs precede <paramref name="offset"/> on its line.</summary>
    public bool IsFirstOnLine(int offset)
    {
        offset = Math.Clamp(offset, 0, _utf8.Length);
        return offset - LineStart(offset, out _) == Indentation(offset);
    }

    /// <summary>The ASCII character at <paramref name="offset"/> (for punctuation such as '}').</summary>
    public char CharAt(int offset) => (char)_utf8[offset];

    private ReadOnlySpan<byte> IndentationSpan(int offset)
    {
        var start = LineStart(Math.Clamp(offset, 0, _utf8.Length), out _);
        return _utf8.AsSpan(start, Indentation(offset));
    }

    private int LineStart(int offset, out int line)
    {
        var index = _lineStarts.BinarySearch(offset);
        line = index >= 0 ? index : ~index - 1;
        return _lineStarts[line];
    }
}
