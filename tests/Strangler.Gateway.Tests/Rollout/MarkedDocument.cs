using System.Text;
using Strangler.Gateway.Rollout.Loading;

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

    /// <summary>Loads the marked document and returns the one error containing <paramref name="expected"/>, after checking it is reported at the mark.</summary>
    public static RolloutError AssertSingleErrorAtMark(string why, string marked, string expected)
    {
        var document = Parse(marked);
        var result = RolloutFileLoader.Parse("rollout.json", document.Utf8);

        Assert.False(result.IsValid, why);
        var (line, column) = Assert.Single(document.Marks);
        var error = Assert.Single(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
        Assert.True((line, column) == (error.Line, error.Column), $"{why}: expected {line}:{column}, got {error}");
        return error;
    }
}
