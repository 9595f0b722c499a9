using ZiggyCreatures.Caching.Fusion;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// Cache-aside for the services, on FusionCache: each instance's memory, then Redis, then the
/// database. Keys carry their area's <see cref="Generation"/>, read from Redis on every lookup while
/// Redis answers, so a read after a write through v4 never sees stale data, on any instance. While
/// Redis is out (FusionCache's circuit open), lookups use memory only and never wait for Redis.
/// </summary>
internal sealed class DirectoryCache
{
    private readonly IFusionCache _cache;
    private readonly AreaGenerations _generations;
    private readonly RedisCircuit? _circuit;
    private readonly CacheStats _stats;
    private readonly Dictionary<string, AreaOptions> _areas;

    public DirectoryCache(IFusionCache cache, AreaGenerations generations, RedisCircuit? circuit, CacheStats stats, CacheOptions options)
    {
        _cache = cache;
        _generations = generations;
        _circuit = circuit;
        _stats = stats;
        _areas = CacheAreas.All.ToDictionary(area => area, area => new AreaOptions(CacheAreas.Ttl(area), options), StringComparer.Ordinal);
    }

    /// <summary>"redis", "redis reconnecting", "memory only", or that Redis is skipped (circuit open), for /readyz.</summary>
    public string Status => _circuit?.Status ?? "memory only";

    /// <param name="key">Builds the key from the area's current generation.</param>
    /// <param name="load">Reads from the database on a miss.</param>
    public async Task<T> GetOrLoadAsync<T>(string area, Func<Generation, string> key, Func<Task<T>> load, CancellationToken cancellationToken)
    {
        var options = _areas[area];
        var cacheKey = key(await _generations.CurrentAsync(area));
        var redis = _circuit is { IsOpen: false };
        if (_circuit is not null && !redis)
        {
            _stats.Fallback();
        }

        var inMemory = await _cache.TryGetAsync<T>(cacheKey, options.MemoryOnly, cancellationToken);
        if (inMemory.HasValue)
        {
            _stats.Lookup(area, "memory", hit: true);
            return inMemory.Value;
        }

        var loaded = false;
        var value = await _cache.GetOrSetAsync<T>(
            cacheKey,
            async (_, _) =>
            {
                loaded = true;
                return await load();
            },
            redis ? options.WithRedis : options.MemoryOnly,
            cancellationToken);
        _stats.Lookup(area, redis ? "redis" : "memory", hit: !loaded);
        return value;
    }

    /// <summary>After a committed write: a new generation for each of the given areas (even if the client has gone).</summary>
    public async Task InvalidateAsync(IReadOnlyList<string> areas)
    {
        foreach (var area in areas)
        {
            await _generations.AdvanceAsync(area);
        }
    }

    /// <summary>An area's entry options: its TTL in Redis, at most <see cref="CacheOptions.MemoryMaxTtl"/> in memory, fail-safe.</summary>
    private sealed class AreaOptions
    {
        public AreaOptions(TimeSpan ttl, CacheOptions options)
        {
            WithRedis = new FusionCacheEntryOptions(ttl)
            {
                MemoryCacheDuration = ttl < options.MemoryMaxTtl ? ttl : options.MemoryMaxTtl,
                IsFailSafeEnabled = true,
                FailSafeMaxDuration = options.FailSafeMaxAge,
                DistributedCacheHardTimeout = options.RedisTimeout,

                // The entry a miss loads goes to Redis in the background: the response does not wait for it.
                AllowBackgroundDistributedCacheOperations = true,
                Size = 1,
            };
            MemoryOnly = WithRedis.Duplicate();
            MemoryOnly.SkipDistributedCacheRead = true;
            MemoryOnly.SkipDistributedCacheWrite = true;
        }

        public FusionCacheEntryOptions WithRedis { get; }

        public FusionCacheEntryOptions MemoryOnly { get; }
    }
}
