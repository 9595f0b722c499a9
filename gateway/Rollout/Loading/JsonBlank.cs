namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// Whether a document holds nothing but whitespace and comments. System.Text.Json reports such a
/// document as a generic syntax error ("does not contain any JSON tokens"), which hides the plain
/// fact that the file is empty (an editor saved a blank buffer, a deploy wrote 0 bytes).
/// </summary>
internal static class JsonBlank
{
    public static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        var i = 0;
        while (i < utf8.Length)
        {
            switch (utf8[i])
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    i++;
                    break;
                case (byte)'/' when i + 1 < utf8.Length && utf8[i + 1] == (byte)'/':
                    var newline = utf8[i..].IndexOf((byte)'\n');
                    i = newline < 0 ? utf8.Length : i + newline + 1;
                    break;
                case (byte)'/' when i + 1 < utf8.Length && utf8[i + 1] == (byte)'*':
                    var close = utf8[(i + 2)..].IndexOf("*/"u8);
                    if (close < 0)
                    {
                        return false; // an unterminated comment is a syntax error, reported as such
                    }

                    i += close + 4;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
