using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;

namespace Strangler.Resp;

/// <summary>
/// One physical connection: a writer loop that batches every queued command into one socket
/// write (pipelining), and a reader loop that matches replies to commands in send order. When the
/// connection breaks, every pending command fails with <see cref="RedisConnectionException"/> and
/// <see cref="Closed"/> completes. In push mode (pub/sub) every reply goes to the push handler.
/// </summary>
internal sealed class RespConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly Socket _socket;
    private readonly string _endpoint;
    private readonly Action<RespValue>? _push;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<TaskCompletionSource<RespValue>> _pending = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();
    private int _failed;

    private RespConnection(Socket socket, Stream stream, string endpoint, Action<RespValue>? push)
    {
        _socket = socket;
        _stream = stream;
        _endpoint = endpoint;
        _push = push;
        _ = Task.Run(WriteLoopAsync);
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>Completes when the connection is closed or broken.</summary>
    public Task Closed => _closed.Task;

    public bool IsOpen => Volatile.Read(ref _failed) == 0;

    public static async Task<RespConnection> OpenAsync(RedisClientOptions options, Action<RespValue>? push, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (options.Ssl)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, chain, errors) => Trusted(options, certificate, chain, errors));
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.SslHost ?? options.Host }, timeout.Token);
                stream = ssl;
            }

            var connection = new RespConnection(socket, stream, options.Endpoint, push);
            await connection.HandshakeAsync(options, timeout.Token);
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RedisConnectionException($"could not connect to {options.Endpoint} within {options.ConnectTimeout.TotalMilliseconds:0} ms");
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            socket.Dispose();
            throw new RedisConnectionException($"could not connect to {options.Endpoint}: {e.Message}", e);
        }
    }

    /// <summary>Queues a command; the task completes with its reply (an error reply is a value, not an exception).</summary>
    public Task<RespValue> SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        var reply = new TaskCompletionSource<RespValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!IsOpen || !_outgoing.Writer.TryWrite(new Outgoing(parts, reply)))
        {
            reply.SetException(new RedisConnectionException($"connection to {_endpoint} is closed"));
        }

        return reply.Task;
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new RedisConnectionException($"connection to {_endpoint} was closed by the client"));
        await _closed.Task.ConfigureAwait(false);
    }

    private async Task HandshakeAsync(RedisClientOptions options, CancellationToken cancellationToken)
    {
        if (options.Password is not null)
        {
            var auth = options.User is null ? Parts("AUTH", options.Password) : Parts("AUTH", options.User, options.Password);
            Expect(await SendAsync(auth).WaitAsync(cancellationToken), "AUTH");
        }

        if (options.Database != 0)
        {
            Expect(await SendAsync(Parts("SELECT", options.Database.ToString(System.Globalization.CultureInfo.InvariantCulture))).WaitAsync(cancellationToken), "SELECT");
        }

        static void Expect(RespValue reply, string command)
        {
            if (reply.Type == RespType.Error)
            {
                throw new RedisServerException($"{reply.Text} (during {command})");
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            var reader = _outgoing.Reader;
            while (await reader.WaitToReadAsync(_shutdown.Token))
            {
                buffer.ResetWrittenCount();
                while (reader.TryRead(out var command))
                {
                    // Queue the reply slot before the bytes leave, so replies always find their command.
                    if (_push is null)
                    {
                        _pending.Enqueue(command.Reply);
                    }
                    else
                    {
                        command.Reply.TrySetResult(RespValue.Simple("QUEUED"));
                    }

                    RespProtocol.WriteCommand(buffer, command.Parts);
                    if (buffer.WrittenCount > 64 * 1024)
                    {
                        break;
                    }
                }

                await _stream.WriteAsync(buffer.WrittenMemory, _shutdown.Token);
                await _stream.FlushAsync(_shutdown.Token);
            }
        }
        catch (Exception e)
        {
            Fail(new RedisConnectionException($"writing to {_endpoint} failed: {e.Message}", e));
        }
    }

    private async Task ReadLoopAsync()
    {
        var pipe = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await pipe.ReadAsync(_shutdown.Token);
                var reader = new SequenceReader<byte>(result.Buffer);
                while (RespProtocol.TryRead(ref reader, out var value))
                {
                    Deliver(value);
                }

                pipe.AdvanceTo(reader.Position, result.Buffer.End);
                if (result.IsCompleted)
                {
                    throw new IOException("the server closed the connection");
                }
            }
        }
        catch (Exception e)
        {
            Fail(e as RedisException ?? new RedisConnectionException($"connection to {_endpoint} lost: {e.Message}", e));
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    private void Deliver(RespValue value)
    {
        if (_push is not null)
        {
            _push(value);
        }
        else if (_pending.TryDequeue(out var reply))
        {
            reply.TrySetResult(value);
        }
    }

    private void Fail(RedisException error)
    {
        if (Interlocked.Exchange(ref _failed, 1) != 0)
        {
            return;
        }

        _outgoing.Writer.TryComplete();
        _shutdown.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        _stream.Dispose();
        _socket.Dispose();
        while (_pending.TryDequeue(out var reply))
        {
            reply.TrySetException(error);
        }

        while (_outgoing.Reader.TryRead(out var command))
        {
            command.Reply.TrySetException(error);
        }

        _closed.TrySetResult();
    }

    internal static ReadOnlyMemory<byte>[] Parts(params string[] parts) =>
        [.. parts.Select(p => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(p))];

    private static bool Trusted(RedisClientOptions options, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (options.TrustedCertificate is null || certificate is null)
        {
            return false;
        }

        // Only chain errors may be excused, and only for exactly the certificate the caller trusts.
        return (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
            && certificate.GetCertHashString() == options.TrustedCertificate.GetCertHashString();
    }

    private sealed record Outgoing(IReadOnlyList<ReadOnlyMemory<byte>> Parts, TaskCompletionSource<RespValue> Reply);
}
