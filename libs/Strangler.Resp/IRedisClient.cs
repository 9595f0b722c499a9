namespace Strangler.Resp;

/// <summary>
/// The narrow Redis surface this product needs: the v4 cache and the gateway's shared state store.
/// Implemented by <see cref="RedisClient"/>; could be implemented over StackExchange.Redis where a
/// feed serves it.
/// </summary>
public interface IRedisClient : IAsyncDisposable
{
    /// <summary>True while a connection is established.</summary>
    bool IsConnected { get; }

    Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default);

    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    Task<byte[]?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    /// <summary>SET with optional PX expiry and NX; returns false when NX prevented the write.</summary>
    Task<bool> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? expiry = null, bool onlyIfAbsent = false, CancellationToken cancellationToken = default);

    Task<long> DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    /// <summary>UNLINK: like DEL, with memory reclaimed in the background.</summary>
    Task<long> UnlinkAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    Task<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default);

    Task<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default);

    /// <summary>Runs a Lua script by its SHA1 (EVALSHA), loading it first when the server does not know it yet.</summary>
    Task<RespValue> EvalAsync(string script, IReadOnlyList<string> keys, IReadOnlyList<string> args, CancellationToken cancellationToken = default);

    Task<long> PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <summary>Keys matching a glob pattern, via SCAN (never KEYS).</summary>
    IAsyncEnumerable<string> ScanAsync(string pattern, int pageSize = 500, CancellationToken cancellationToken = default);

    /// <summary>Any command; an error reply throws <see cref="RedisServerException"/>.</summary>
    Task<RespValue> ExecuteAsync(IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken = default);
}
