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

    /// <summary>
    /// 128 random bits as 32 lowercase hex digits. Ids correlate logs, they guard nothing, so they
    /// come from the thread-local non-cryptographic generator: Guid.NewGuid reads the kernel's
    /// random source, a system call on many requests (docs/benchmarks.md).
    /// </summary>
    public static string New()
    {
        Span<byte> bits = stackalloc byte[16];
        Random.Shared.NextBytes(bits);
        return Convert.ToHexStringLower(bits);
    }
}
