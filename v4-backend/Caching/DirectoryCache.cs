using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Strangler.Resp;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// Cache-aside for the services: Redis when it is healthy, an in-memory tier otherwise. Redis calls
/// go through <see cref="RedisCircuit"/> (timeout and circuit breaker), so an outage costs at most
/// one timeout per break interval, and never an error to the caller. Writes invalidate both tiers;
/// an invalidation Redis could not take is kept in a journal and replayed before Redis is read
/// again, so on this instance a read after a write never sees stale data. Other instances learn of
/// the write through Redis; while Redis is out their memory tiers may serve entries up to
/// <see cref="CacheOptions.MemoryMaxTtl"/> old.
/// </summary>
internal sealed class DirectoryCache : IDisposable
{
    private readonly IRedisClient? _redis;
    private readonly RedisCircuit _circuit;
    private readonly MemoryCache _memory = new(new MemoryCacheOptions());
    private readonly ConcurrentDictionary<string, long> _memoryGenerations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Invalidation> _journal = new();
    private readonly SemaphoreSlim _replay = new(1, 1);
    private readonly CacheStats _stats;
    private readonly CacheOptions _options;

    public DirectoryCache(IRedisClient? redis, RedisCircuit circuit, CacheStats stats, IOptions<CacheOptions> options)
    {
        _redis = redis;
        _circuit = circuit;
        _stats = stats;
        _options = options.Value;
    }

    /// <summary>"redis", "redis reconnecting", "memory only", or that Redis is skipped (circuit open), for /readyz.</summary>
    public string Status => _redis is null ? "memory only" : _circuit.IsOpen ? "redis unavailable: circuit open, serving from memory" : _redis.IsConnected ? "redis" : "redis reconnecting";

    /// <param name="key">Builds the key from the area's current generation.</param>
    /// <param name="load">Reads from the database on a miss (outside the Redis timeout).</param>
    public async Task<T> GetOrLoadAsync<T>(string area, Func<long, string> key, JsonTypeInfo<T> type, Func<Task<T>> load, CancellationToken cancellationToken)
    {
        if (_redis is not null)
        {
            var (ok, lookup) = await _circuit.TryAsync(
                async ct =>
                {
                    await ReplayJournalAsync(ct);
                    var cacheKey = key(await RedisGenerationAsync(area, ct));
                    return (Key: cacheKey, Value: await _redis.GetAsync(cacheKey, ct));
                },
                cancellationToken);
            if (ok)
            {
                _stats.Lookup(area, "redis", lookup.Value is not null);
                if (lookup.Value is not null)
                {
                    return JsonSerializer.Deserialize(lookup.Value, type)!;
                }

                var loaded = await load();
                var bytes = JsonSerializer.SerializeToUtf8Bytes(loaded, type);
                await _circuit.TryAsync(ct => _redis.SetAsync(lookup.Key, bytes, CacheAreas.Ttl(area), cancellationToken: ct), cancellationToken);
                return loaded;
            }
        }

        var memoryKey = key(_memoryGenerations.GetValueOrDefault(area));
        if (_memory.TryGetValue(memoryKey, out T? hit) && hit is not null)
        {
            _stats.Lookup(area, "memory", true);
            return hit;
        }

        _stats.Lookup(area, "memory", false);
        var fresh = await load();
        var ttl = CacheAreas.Ttl(area) < _options.MemoryMaxTtl ? CacheAreas.Ttl(area) : _options.MemoryMaxTtl;
        _memory.Set(memoryKey, fresh, ttl);
        return fresh;
    }

    /// <summary>After a committed write: bump the given areas' generations in both tiers.</summary>
    public async Task InvalidateAsync(IReadOnlyList<string> areas, CancellationToken cancellationToken)
    {
        foreach (var area in areas)
        {
            _memoryGenerations.AddOrUpdate(area, 1, (_, g) => g + 1);
        }

        if (_redis is null)
        {
            return;
        }

        _journal.Enqueue(new Invalidation(areas));
        await _circuit.TryAsync(
            async ct =>
            {
                await ReplayJournalAsync(ct);
                return true;
            },
            cancellationToken);
    }

    public void Dispose()
    {
        _memory.Dispose();
        _replay.Dispose();
    }

    /// <summary>Applies pending invalidations in order; an entry leaves the journal only once Redis took it.</summary>
    private async Task ReplayJournalAsync(CancellationToken cancellationToken)
    {
        if (_journal.IsEmpty)
        {
            return;
        }

        await _replay.WaitAsync(cancellationToken);
        try
        {
            while (_journal.TryPeek(out var pending))
            {
                foreach (var area in pending.Areas)
                {
                    await _redis!.IncrementAsync(CacheKeys.Generation(area), 1, cancellationToken);
                }

                _journal.TryDequeue(out _);
            }
        }
        finally
        {
            _replay.Release();
        }
    }

    private async Task<long> RedisGenerationAsync(string area, CancellationToken cancellationToken)
    {
        var bytes = await _redis!.GetAsync(CacheKeys.Generation(area), cancellationToken);
        return bytes is null ? 0 : long.Parse(System.Text.Encoding.ASCII.GetString(bytes), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record Invalidation(IReadOnlyList<string> Areas);
}
