using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Strangler.TestSupport.Net;

/// <summary>An HTTP/1.1 response read off the wire: status, headers (names lower-cased) and the decoded body.</summary>
public sealed record RawHttpResponse(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// Sends an HTTP/1.1 request exactly as written, for what HttpClient will not send (broken chunked
/// framing, a body shorter than its Content-Length), and reads the response until the server closes.
/// </summary>
public static class RawHttp
{
    /// <param name="head">Request line and headers, each ending in CRLF; Host and Connection: close are added.</param>
    /// <param name="body">Bytes sent after the blank line, as they are.</param>
    public static async Task<RawHttpResponse> SendAsync(Uri server, string head, string body, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"{head}Host: {server.Authority}\r\nConnection: close\r\n\r\n{body}"), cancellationToken);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cancellationToken);

        var bytes = received.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(pair => pair[0].Trim().ToLowerInvariant(), pair => pair[1].Trim(), StringComparer.Ordinal);
        var content = bytes.AsMemory(end + 4);
        var chunked = headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        var text = Encoding.UTF8.GetString(chunked ? Dechunk(content.Span) : content.Span);
        return new RawHttpResponse((HttpStatusCode)int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture), headers, text);
    }

    private static byte[] Dechunk(ReadOnlySpan<byte> chunked)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(chunked[..lineEnd]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToArray();
            }

            body.Write(chunked.Slice(lineEnd + 2, size));
            chunked = chunked[(lineEnd + 2 + size + 2)..];
        }
    }
}
