using System.Buffers;
using System.IO.Compression;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// A body as its content coding left it, decoded for comparison (gzip, deflate, br; identity as
/// is), at most <c>limit</c> bytes once decoded: both answers are compared as the application
/// wrote them, whatever coding each backend chose.
/// </summary>
internal static class BodyDecoding
{
    /// <summary>Reads <paramref name="body"/> decoded into a pooled buffer; null when it is longer than <paramref name="limit"/> or its coding is unknown.</summary>
    public static async Task<(byte[] Buffer, int Length)?> ReadAsync(Stream body, string? contentEncoding, int limit, CancellationToken cancellationToken)
    {
        Stream? decoder = contentEncoding?.Trim().ToLowerInvariant() switch
        {
            null or "" or "identity" => null,
            "gzip" or "x-gzip" => new GZipStream(body, CompressionMode.Decompress, leaveOpen: true),
            "deflate" => new ZLibStream(body, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(body, CompressionMode.Decompress, leaveOpen: true),
            _ => Stream.Null,
        };
        if (ReferenceEquals(decoder, Stream.Null))
        {
            return null;
        }

        await using (decoder)
        {
            var source = decoder ?? body;
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, 16 * 1024));
            var length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > limit)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                            return null;
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > limit)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }
                }

                return (buffer, length);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }
    }
}
