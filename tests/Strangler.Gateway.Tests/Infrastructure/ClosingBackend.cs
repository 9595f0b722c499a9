using System.Net;
using System.Net.Sockets;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A backend that accepts every connection, reads one request head, counts it and closes the
/// connection: without answering (a process that crashes or aborts while handling a request, as the
/// HTTP client in front of it sees it), or after writing a fixed answer.
/// </summary>
internal sealed class ClosingBackend : IAsyncDisposable
{
    private readonly byte[]? _answer;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;
    private int _closed;

    private ClosingBackend(TcpListener listener, byte[]? answer)
    {
        _listener = listener;
        _answer = answer;
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Request heads received (each one on its own connection, which was then closed).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Connections this backend has closed so far.</summary>
    public int Closed => Volatile.Read(ref _closed);

    /// <param name="answer">Written before the connection is closed; none: closed without an answer.</param>
    public static ClosingBackend Start(string? answer = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new ClosingBackend(listener, answer is null ? null : System.Text.Encoding.ASCII.GetBytes(answer));
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = HandleAsync(socket);
        }
    }

    private async Task HandleAsync(Socket socket)
    {
        try
        {
            await ServeAsync(socket);
        }
        finally
        {
            socket.Dispose();
            Interlocked.Increment(ref _closed);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[16 * 1024];
        var received = 0;
        try
        {
            while (received < buffer.Length)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(received), _stop.Token);
                if (read == 0)
                {
                    return;
                }

                received += read;
                if (buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8) >= 0)
                {
                    Interlocked.Increment(ref _requests);
                    if (_answer is not null)
                    {
                        await socket.SendAsync(_answer, _stop.Token);
                    }

                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // The gateway gave up on the connection first.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
