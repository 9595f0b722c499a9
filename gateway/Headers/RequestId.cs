namespace Strangler.Gateway.Headers;

/// <summary>
/// X-Request-Id policy: a client's id is kept when it is 1..128 characters of letters, digits and
/// "-_.:"; otherwise (absent, empty, too long, odd characters) the gateway generates one.
/// </summary>
internal static class RequestId
{
    public const int MaxLength = 128;

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    public static string New() => Guid.NewGuid().ToString("N");
}
