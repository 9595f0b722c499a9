using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Strangler.Resp;

/// <summary>RESP2 encoding of commands and incremental parsing of replies.</summary>
internal static class RespProtocol
{
    /// <summary>Writes a command as an array of bulk strings.</summary>
    public static void WriteCommand(IBufferWriter<byte> writer, IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        WriteHeader(writer, (byte)'*', parts.Count);
        foreach (var part in parts)
        {
            WriteHeader(writer, (byte)'$', part.Length);
            writer.Write(part.Span);
            writer.Write("\r\n"u8);
        }
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte kind, int length)
    {
        var span = writer.GetSpan(16);
        span[0] = kind;
        Utf8Formatter.TryFormat(length, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        writer.Advance(3 + written);
    }

    /// <summary>Parses one complete reply from the buffer; false (and nothing consumed) when more bytes are needed.</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out RespValue value)
    {
        var consumedBefore = reader.Consumed;
        if (TryReadValue(ref reader, out value))
        {
            return true;
        }

        reader.Rewind(reader.Consumed - consumedBefore);
        value = RespValue.Nil;
        return false;
    }

    private static bool TryReadValue(ref SequenceReader<byte> reader, out RespValue value)
    {
        value = RespValue.Nil;
        if (!reader.TryRead(out var kind) || !reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
        {
            return false;
        }

        switch (kind)
        {
            case (byte)'+':
                value = RespValue.Simple(Encoding.UTF8.GetString(line));
                return true;
            case (byte)'-':
                value = RespValue.Error(Encoding.UTF8.GetString(line));
                return true;
            case (byte)':':
                value = RespValue.Int(ParseInteger(line));
                return true;
            case (byte)'$':
            {
                var length = ParseInteger(line);
                if (length < 0)
                {
                    value = RespValue.Nil;
                    return true;
                }

                if (reader.Remaining < length + 2)
                {
                    return false;
                }

                var bytes = new byte[length];
                reader.TryCopyTo(bytes);
                reader.Advance(length + 2);
                value = RespValue.BulkString(bytes);
                return true;
            }

            case (byte)'*':
            {
                var count = ParseInteger(line);
                if (count < 0)
                {
                    value = RespValue.Nil;
                    return true;
                }

                var items = new RespValue[count];
                for (var i = 0; i < count; i++)
                {
                    if (!TryReadValue(ref reader, out items[i]))
                    {
                        return false;
                    }
                }

                value = RespValue.Array(items);
                return true;
            }

            default:
                throw new RedisConnectionException($"protocol error: unexpected reply type '{(char)kind}'");
        }
    }

    private static long ParseInteger(ReadOnlySequence<byte> line)
    {
        Span<byte> buffer = stackalloc byte[24];
        if (line.Length > buffer.Length)
        {
            throw new RedisConnectionException("protocol error: integer too long");
        }

        line.CopyTo(buffer);
        return Utf8Parser.TryParse(buffer[..(int)line.Length], out long value, out _)
            ? value
            : throw new RedisConnectionException("protocol error: bad integer");
    }
}
