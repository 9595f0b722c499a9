using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Strangler.Resp;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// Cache-aside for the services: Redis when it is healthy, an in-memory tier otherwise. Redis calls
/// go through a timeout and a circuit breaker, so an outage costs at most one timeout per break
/// interval rather than one per request, and never an error to the caller. Writes invalidate both
/// tiers; an invalidation Redis could not take is kept in a journal and replayed before Redis is
/// read again, so a read after a write never sees stale data.
/// </summary>
internal sealed partial class DirectoryCache : IDisposable
{
    private readonly IRedisClient? _redis;
    private readonly MemoryCache _memory = new(new MemoryCacheOptions());
    private readonly ConcurrentDictionary<string, long> _memoryGenerations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Invalidation> _journal = new();
    private readonly SemaphoreSlim _replay = new(1, 1);
    private readonly ResiliencePipeline _pipeline;
    private readonly CacheStats _stats;
    private readonly CacheOptions _options;
    private readonly ILogger<DirectoryCache> _logger;
    private int _circuitOpen;

    public DirectoryCache(IRedisClient? redis, CacheStats stats, IOptions<CacheOptions> options, TimeProvider time, ILogger<DirectoryCache> logger)
    {
        _redis = redis;
        _stats = stats;
        _options = options.Value;
        _logger = logger;
        // The breaker wraps the timeout, so it sees each timeout as a failure (inside it, a timeout
        // would only be a cancellation and never open the circuit).
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = _options.BreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<RedisException>().Handle<TimeoutRejectedException>(),
                OnOpened = _ =>
                {
                    Volatile.Write(ref _circuitOpen, 1);
                    LogCircuitOpened(_logger, _options.BreakDuration.TotalSeconds);
                    return default;
                },
                OnClosed = _ =>
                {
                    Volatile.Write(ref _circuitOpen, 0);
                    LogCircuitClosed(_logger);
                    return default;
                },
            })
            .AddTimeout(_options.RedisTimeout)
            .Build();
    }

    /// <summary>"redis", "redis (circuit open: memory)" or "memory only", for /readyz.</summary>
    public string Status => _redis is null ? "memory only" : Volatile.Read(ref _circuitOpen) == 1 ? "redis unavailable: circuit open, serving from memory" : _redis.IsConnected ? "redis" : "redis reconnecting";

    /// <param name="key">Builds the key from the area's current generation.</param>
    /// <param name="load">Reads from the database on a miss (outside the Redis timeout).</param>
    public async Task<T> GetOrLoadAsync<T>(string area, Func<long, string> key, JsonTypeInfo<T> type, Func<Task<T>> load, CancellationToken cancellationToken)
    {
        if (_redis is not null)
        {
            var (ok, lookup) = await TryRedisAsync(async ct =>
            {
                await ReplayJournalAsync(ct);
                var cacheKey = key(await RedisGenerationAsync(area, ct));
                return (true, (Key: cacheKey, Value: await _redis.GetAsync(cacheKey, ct)));
            }, cancellationToken);
            if (ok)
            {
                _stats.Lookup(area, "redis", lookup.Value is not null);
                if (lookup.Value is not null)
                {
                    return JsonSerializer.Deserialize(lookup.Value, type)!;
                }

                var loaded = await load();
                var bytes = JsonSerializer.SerializeToUtf8Bytes(loaded, type);
                await TryRedisAsync(async ct => (await _redis.SetAsync(lookup.Key, bytes, CacheAreas.Ttl(area), cancellationToken: ct), true), cancellationToken);
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
        await TryRedisAsync(async ct =>
        {
            await ReplayJournalAsync(ct);
            return (true, true);
        }, cancellationToken);
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

    /// <summary>Runs a Redis operation through the resilience pipeline; (false, default) when Redis failed or is skipped.</summary>
    private async Task<(bool Ok, T? Value)> TryRedisAsync<T>(Func<CancellationToken, Task<(bool, T)>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async ct => await operation(ct), cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutRejectedException or BrokenCircuitException)
        {
            _stats.Fallback();
            return (false, default);
        }
    }

    private sealed record Invalidation(IReadOnlyList<string> Areas);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Redis failing: cache circuit opened for {Seconds} s, serving from memory")]
    private static partial void LogCircuitOpened(ILogger logger, double seconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Redis healthy again: cache circuit closed")]
    private static partial void LogCircuitClosed(ILogger logger);
}
