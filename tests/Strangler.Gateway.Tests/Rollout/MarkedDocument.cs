using System.Text;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// A test document where '§' marks where an error must be reported: the marker is removed and its
/// position becomes the expected 1-based line and column (in characters).
/// </summary>
internal sealed record MarkedDocument(string Text, IReadOnlyList<(int Line, int Column)> Marks)
{
    public const char Marker = '§';

    public static MarkedDocument Parse(string marked)
    {
        var text = new StringBuilder();
        var marks = new List<(int, int)>();
        int line = 1, column = 1;
        foreach (var c in marked)
        {
            if (c == Marker)
            {
                marks.Add((line, column));
                continue;
            }

            text.Append(c);
            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return new MarkedDocument(text.ToString(), marks);
    }

    public byte[] Utf8 => Encoding.UTF8.GetBytes(Text);
}
