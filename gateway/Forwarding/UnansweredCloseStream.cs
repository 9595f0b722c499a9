using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Strangler.Gateway.Forwarding;

/// <summary>
/// An HTTP/1.x connection to a backend on which "the backend closed the connection after the
/// gateway wrote a request, before any byte of an answer" is an <see cref="IOException"/> rather
/// than an end of stream. SocketsHttpHandler resends a request after such an end of stream (it
/// assumes the server dropped an idle connection) but not after an I/O error, which is the truth
/// here: the request was delivered, and the backend may have acted on it. An end of stream at any
/// other time is passed on: after an answer has begun (a body that ends with the connection), or
/// while the connection was idle (the pool then opens another one, and nothing was sent twice).
/// A read that does not complete at once completes through this stream itself (a connection reads
/// one buffer at a time), so the check costs no allocation per read.
/// </summary>
internal sealed class UnansweredCloseStream(Stream inner) : Stream, IValueTaskSource<int>
{
    private const string Message = "The backend closed the connection after receiving the request, without answering it.";

    // Set when the gateway writes, cleared when the backend sends something; read and written from
    // the pool's read-ahead and the request's writes at once.
    private volatile bool _awaitingAnswer;

    // The pending read: its awaiter, and the completion the caller awaits instead.
    private ManualResetValueTaskSourceCore<int> _read = new() { RunContinuationsAsynchronously = false };
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _pending;
    private Action? _onReadCompleted;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanTimeout => inner.CanTimeout;

    public override int ReadTimeout
    {
        get => inner.ReadTimeout;
        set => inner.ReadTimeout = value;
    }

    public override int WriteTimeout
    {
        get => inner.WriteTimeout;
        set => inner.WriteTimeout = value;
    }

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            // A zero-byte read waits for data without consuming any: 0 is not an end of stream.
            return inner.ReadAsync(buffer, cancellationToken);
        }

        var read = inner.ReadAsync(buffer, cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            return new ValueTask<int>(Received(read.Result));
        }

        _read.Reset();
        _pending = read.ConfigureAwait(false).GetAwaiter();
        _pending.UnsafeOnCompleted(_onReadCompleted ??= ReadCompleted);
        return new ValueTask<int>(this, _read.Version);
    }

    int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer) => buffer.IsEmpty ? inner.Read(buffer) : Received(inner.Read(buffer));

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _awaitingAnswer = true;
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _awaitingAnswer = true;
        inner.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private void ReadCompleted()
    {
        var pending = _pending;
        _pending = default;
        try
        {
            _read.SetResult(Received(pending.GetResult()));
        }
        catch (Exception e)
        {
            _read.SetException(e);
        }
    }

    private int Received(int count)
    {
        if (count > 0)
        {
            _awaitingAnswer = false;
        }
        else if (_awaitingAnswer)
        {
            throw new IOException(Message);
        }

        return count;
    }
}
