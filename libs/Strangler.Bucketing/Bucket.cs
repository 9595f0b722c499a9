using System.Buffers;
using System.Text;

namespace Strangler.Bucketing;

/// <summary>
/// The bucket of a user within a cohort: <c>murmur3_x86_32(utf8(cohort + ":" + userId), seed 0) mod 10000</c>.
/// Stable across processes, machines and releases (never string.GetHashCode), uniform, and the
/// basis of monotonic rollouts: a user is on v4 at percentage p iff bucket &lt; p × 100, so raising p
/// only adds users and lowering it removes the most recently added ones.
/// </summary>
public static class Bucket
{
    /// <summary>Number of buckets: 0..9999, i.e. 0.01 % each.</summary>
    public const int Count = 10_000;

    private const int StackLimit = 512;

    public static int Compute(string cohort, string userId) => Compute(cohort.AsSpan(), userId.AsSpan());

    /// <summary>Computes the bucket without allocating for ids up to a few hundred characters.</summary>
    public static int Compute(ReadOnlySpan<char> cohort, ReadOnlySpan<char> userId)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(cohort.Length + 1 + userId.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var written = Encoding.UTF8.GetBytes(cohort, buffer);
            buffer[written++] = (byte)':';
            written += Encoding.UTF8.GetBytes(userId, buffer[written..]);
            return (int)(Murmur3.Hash32(buffer[..written]) % Count);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
