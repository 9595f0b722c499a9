using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Strangler.Resp;

/// <summary>
/// A small RESP2 client: one multiplexed, pipelined connection shared by all callers, command
/// timeouts, AUTH (user/password), database selection, optional TLS, and reconnection with capped
/// exponential backoff in the background. While disconnected, commands fail at once with
/// <see cref="RedisConnectionException"/>, so callers (the cache) can fall back instead of waiting.
/// Exists because StackExchange.Redis cannot be restored from our package feed (its dependency
/// Pipelines.Sockets.Unofficial is missing); everything depends on <see cref="IRedisClient"/>, so
/// it can be swapped for StackExchange.Redis where the feed allows.
/// </summary>
public sealed class RedisClient : IRedisClient
{
    private readonly RedisClientOptions _options;
    private readonly CancellationTokenSource _disposed = new();
    private readonly TaskCompletionSource _firstConnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _supervisor;
    private volatile RespConnection? _connection;

    private RedisClient(RedisClientOptions options)
    {
        _options = options;
        _supervisor = Task.Run(SuperviseAsync);
    }

    public bool IsConnected => _connection is { IsOpen: true };

    public RedisClientOptions Options => _options;

    /// <summary>Starts connecting in the background and returns at once (the app starts even when Redis is down).</summary>
    public static RedisClient Create(RedisClientOptions options) => new(options);

    /// <summary>Connects and waits for the first connection; throws if it cannot be made within the connect timeout.</summary>
    public static async Task<RedisClient> ConnectAsync(RedisClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = new RedisClient(options);
        try
        {
            await client._firstConnect.Task.WaitAsync(options.ConnectTimeout + TimeSpan.FromSeconds(1), cancellationToken);
            return client;
        }
        catch (TimeoutException)
        {
            await client.DisposeAsync();
            throw new RedisConnectionException($"could not connect to {options.Endpoint} within {options.ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async Task<RespValue> ExecuteAsync(IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken = default)
    {
        var connection = _connection;
        if (connection is not { IsOpen: true })
        {
            throw new RedisConnectionException($"not connected to {_options.Endpoint} (reconnecting)");
        }

        RespValue reply;
        try
        {
            reply = await connection.SendAsync(parts).WaitAsync(_options.CommandTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new RedisTimeoutException(
                $"{Encoding.UTF8.GetString(parts[0].Span)} to {_options.Endpoint} got no reply within {_options.CommandTimeout.TotalMilliseconds:0} ms");
        }

        return reply.Type == RespType.Error ? throw new RedisServerException(reply.Text!) : reply;
    }

    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await ExecuteAsync(RespConnection.Parts("PING"), cancellationToken);
        return Stopwatch.GetElapsedTime(started);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(RespConnection.Parts("GET", key), cancellationToken)).Bulk;

    public async Task<byte[]?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var reply = await ExecuteAsync(RespConnection.Parts(["MGET", .. keys]), cancellationToken);
        return [.. reply.Items!.Select(i => i.Bulk)];
    }

    public async Task<bool> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? expiry = null, bool onlyIfAbsent = false, CancellationToken cancellationToken = default)
    {
        var parts = new List<ReadOnlyMemory<byte>> { "SET"u8.ToArray(), Encoding.UTF8.GetBytes(key), value };
        if (expiry is { } ttl)
        {
            parts.Add("PX"u8.ToArray());
            parts.Add(Encoding.ASCII.GetBytes(Math.Max(1, (long)ttl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
        }

        if (onlyIfAbsent)
        {
            parts.Add("NX"u8.ToArray());
        }

        return !(await ExecuteAsync(parts, cancellationToken)).IsNil;
    }

    public async Task<long> DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        keys.Count == 0 ? 0 : (await ExecuteAsync(RespConnection.Parts(["DEL", .. keys]), cancellationToken)).Integer;

    public async Task<long> UnlinkAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        keys.Count == 0 ? 0 : (await ExecuteAsync(RespConnection.Parts(["UNLINK", .. keys]), cancellationToken)).Integer;

    public async Task<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(RespConnection.Parts("INCRBY", key, by.ToString(CultureInfo.InvariantCulture)), cancellationToken)).Integer;

    public async Task<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(RespConnection.Parts("PEXPIRE", key, ((long)expiry.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)), cancellationToken)).Integer == 1;

    public async Task<RespValue> EvalAsync(string script, IReadOnlyList<string> keys, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(script)));
        string[] tail = [keys.Count.ToString(CultureInfo.InvariantCulture), .. keys, .. args];
        try
        {
            return await ExecuteAsync(RespConnection.Parts(["EVALSHA", sha, .. tail]), cancellationToken);
        }
        catch (RedisServerException e) when (e.Code == "NOSCRIPT")
        {
            await ExecuteAsync(RespConnection.Parts("SCRIPT", "LOAD", script), cancellationToken);
            return await ExecuteAsync(RespConnection.Parts(["EVALSHA", sha, .. tail]), cancellationToken);
        }
    }

    public async Task<long> PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync([Encoding.UTF8.GetBytes("PUBLISH"), Encoding.UTF8.GetBytes(channel), message], cancellationToken)).Integer;

    public async IAsyncEnumerable<string> ScanAsync(string pattern, int pageSize = 500, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = "0";
        do
        {
            var reply = await ExecuteAsync(RespConnection.Parts("SCAN", cursor, "MATCH", pattern, "COUNT", pageSize.ToString(CultureInfo.InvariantCulture)), cancellationToken);
            cursor = reply.Items![0].AsString()!;
            foreach (var key in reply.Items[1].Items!)
            {
                yield return key.AsString()!;
            }
        }
        while (cursor != "0");
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

    private async Task SuperviseAsync()
    {
        var delay = _options.ReconnectMinDelay;
        while (!_disposed.IsCancellationRequested)
        {
            try
            {
                var connection = await RespConnection.OpenAsync(_options, push: null, _disposed.Token);
                _connection = connection;
                _firstConnect.TrySetResult();
                delay = _options.ReconnectMinDelay;
                await connection.Closed.WaitAsync(_disposed.Token);
            }
            catch (RedisServerException e) when (!_firstConnect.Task.IsCompleted)
            {
                // Wrong password or database: retrying will not help the first connect.
                _firstConnect.TrySetException(e);
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
}
