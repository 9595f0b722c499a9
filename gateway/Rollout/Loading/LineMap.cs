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
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        var lineStart = _lineStarts[line];
        var column = Encoding.UTF8.GetCharCount(_utf8.AsSpan(lineStart, offset - lineStart));
        return (line + 1, column + 1);
    }
}
