using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// The client's response body as before, with a copy of its first bytes kept for the comparison:
/// every write goes to the client first, then up to <c>limit</c> bytes are copied aside. A body
/// longer than the limit is marked <see cref="Overflowed"/> (it is not compared). The copy is a
/// pooled buffer the comparison owns once the response is done (<see cref="Detach"/>).
/// </summary>
internal sealed class ResponseTee : Stream, IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _inner;
    private readonly int _limit;
    private byte[] _copy;
    private int _length;
    private PipeWriter? _writer;

    public ResponseTee(IHttpResponseBodyFeature inner, int limit)
    {
        _inner = inner;
        _limit = limit;
        _copy = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 16 * 1024));
    }

    public bool Overflowed { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    Stream IHttpResponseBodyFeature.Stream => this;

    PipeWriter IHttpResponseBodyFeature.Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    /// <summary>The copied bytes; the caller returns <c>Buffer</c> to the shared pool when done. The tee keeps nothing.</summary>
    public (byte[] Buffer, int Length) Detach()
    {
        var copy = (_copy, _length);
        _copy = [];
        _length = 0;
        return copy;
    }

    public void DisableBuffering() => _inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

    public async Task CompleteAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }

        await _inner.CompleteAsync();
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        // Nothing the gateway proxies is sent from a file; the copy would miss it, so it is not compared.
        Overflowed = true;
        return _inner.SendFileAsync(path, offset, count, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Stream.Write(buffer);
        Keep(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _inner.Stream.WriteAsync(buffer, cancellationToken);
        Keep(buffer.Span);
    }

    public override void Flush() => _inner.Stream.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.Stream.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (Overflowed || bytes.IsEmpty)
        {
            return;
        }

        if (_length + bytes.Length > _limit)
        {
            Overflowed = true;
            return;
        }

        if (_length + bytes.Length > _copy.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_limit, Math.Max(_copy.Length * 2, _length + bytes.Length)));
            _copy.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_copy);
            _copy = larger;
        }

        bytes.CopyTo(_copy.AsSpan(_length));
        _length += bytes.Length;
    }
}
