namespace Strangler.Gateway.Headers;

/// <summary>
/// Header names as CGI-style backends see them (HTTP_X_STRANGLER_BACKEND): ASCII case ignored, and
/// '-' and '_' the same character.
/// </summary>
internal static class CgiName
{
    public static bool Equals(string name, string canonical) =>
        name.Length == canonical.Length && SameUpTo(name, canonical, canonical.Length);

    public static bool StartsWith(string name, string prefix) =>
        name.Length >= prefix.Length && SameUpTo(name, prefix, prefix.Length);

    private static bool SameUpTo(string name, string canonical, int length)
    {
        for (var i = 0; i < length; i++)
        {
            var a = name[i];
            var b = canonical[i];
            if (a == b || (b == '-' && a == '_'))
            {
                continue;
            }

            if (!char.IsAsciiLetter(a) || (a | 0x20) != (b | 0x20))
            {
                return false;
            }
        }

        return true;
    }
}
