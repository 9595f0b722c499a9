using System.Buffers;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// A mirrored call's end: the answer (body decoded, within the size limit, in a pooled buffer
/// returned by <see cref="Release"/>), or why there is none.
/// </summary>
internal sealed class ShadowFetch
{
    private byte[]? _pooled;

    private ShadowFetch(ShadowAnswer? answer, byte[]? pooled, bool tooLarge, string? failure)
    {
        Answer = answer;
        _pooled = pooled;
        TooLarge = tooLarge;
        Failure = failure;
    }

    public ShadowAnswer? Answer { get; }

    /// <summary>The body was longer than max_body_bytes (decoded) or in a coding the gateway cannot decode: nothing to compare.</summary>
    public bool TooLarge { get; }

    /// <summary>Why no answer came (timeout, connect failure, reset), for logs.</summary>
    public string? Failure { get; }

    public static ShadowFetch Of(int status, string? contentType, byte[] pooled, int length, bool isHead) =>
        new(new ShadowAnswer(status, contentType, pooled.AsMemory(0, length), isHead), pooled, false, null);

    public static ShadowFetch Failed(string failure) => new(null, null, false, failure);

    public static ShadowFetch Oversized() => new(null, null, true, null);

    public void Release()
    {
        if (Interlocked.Exchange(ref _pooled, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
