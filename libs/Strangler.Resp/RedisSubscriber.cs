using System.Collections.Concurrent;
using System.Text;

namespace Strangler.Resp;

/// <summary>
/// Pub/sub on its own connection (a subscribed connection cannot run other commands). Handlers are
/// called on the reader thread in message order; keep them short. Subscriptions are restored after
/// a reconnect; messages published while disconnected are lost (Redis pub/sub is fire-and-forget).
/// </summary>
public sealed class RedisSubscriber : IAsyncDisposable
{
    private readonly RedisClientOptions _options;
    private readonly ConcurrentDictionary<string, Action<string, byte[]>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _confirmations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();
    private readonly Task _supervisor;
    private volatile RespConnection? _connection;

    public RedisSubscriber(RedisClientOptions options)
    {
        _options = options;
        _supervisor = Task.Run(SuperviseAsync);
    }

    public bool IsConnected => _connection is { IsOpen: true };

    /// <summary>Raised after a reconnect once subscriptions are restored (messages may have been missed meanwhile).</summary>
    public event Action? Reconnected;

    /// <summary>Subscribes and waits for the server's confirmation (or the command timeout).</summary>
    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Action<string, byte[]> handler, CancellationToken cancellationToken = default)
    {
        _handlers[channel] = handler;
        var confirmed = _confirmations.GetOrAdd(channel, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_connection is { IsOpen: true } connection)
        {
            await connection.SendAsync(RespConnection.Parts("SUBSCRIBE", channel));
        }

        try
        {
            await confirmed.Task.WaitAsync(_options.ConnectTimeout + _options.CommandTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new RedisTimeoutException($"SUBSCRIBE {channel} to {_options.Endpoint} was not confirmed in time");
        }

        return new Subscription(this, channel);
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        try
        {
            await _supervisor;
        }
        catch (OperationCanceledException)
        {
        }

        _disposed.Dispose();
    }

    private async Task UnsubscribeAsync(string channel)
    {
        _handlers.TryRemove(channel, out _);
        _confirmations.TryRemove(channel, out _);
        if (_connection is { IsOpen: true } connection)
        {
            await connection.SendAsync(RespConnection.Parts("UNSUBSCRIBE", channel));
        }
    }

    private void OnPush(RespValue value)
    {
        if (value.Items is not { Length: >= 3 } items)
        {
            return;
        }

        var kind = items[0].AsString();
        var channel = items[1].AsString()!;
        if (kind == "message" && _handlers.TryGetValue(channel, out var handler))
        {
            handler(channel, items[2].Bulk ?? Encoding.UTF8.GetBytes(items[2].AsString() ?? string.Empty));
        }
        else if (kind == "subscribe" && _confirmations.TryGetValue(channel, out var confirmed))
        {
            confirmed.TrySetResult();
        }
    }

    private async Task SuperviseAsync()
    {
        var delay = _options.ReconnectMinDelay;
        var first = true;
        while (!_disposed.IsCancellationRequested)
        {
            try
            {
                var connection = await RespConnection.OpenAsync(_options, OnPush, _disposed.Token);
                _connection = connection;
                foreach (var channel in _handlers.Keys)
                {
                    await connection.SendAsync(RespConnection.Parts("SUBSCRIBE", channel));
                }

                if (!first)
                {
                    Reconnected?.Invoke();
                }

                first = false;
                delay = _options.ReconnectMinDelay;
                await connection.Closed.WaitAsync(_disposed.Token);
            }
            catch (RedisException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.Delay(delay, _disposed.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }
    }

    private sealed class Subscription(RedisSubscriber owner, string channel) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(owner.UnsubscribeAsync(channel));
    }
}
