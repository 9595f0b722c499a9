using System.Buffers.Text;
using System.Security.Cryptography;

namespace Strangler.Gateway.Identity;

/// <summary>Random ids for the sticky anonymous cookie: 128 bits, base64url (22 characters).</summary>
internal static class AnonymousId
{
    public const int Length = 22;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>True for a value this gateway could have issued; anything else is replaced.</summary>
    public static bool IsWellFormed(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
