using System.Collections.Concurrent;
using ZiggyCreatures.Caching.Fusion;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// The current <see cref="Generation"/> of each cache area. While Redis answers, it is read from Redis
/// on every lookup (never from memory), so a write on any instance is seen by the next lookup on every
/// instance. The instance also keeps the newest generation it knows per area (read from Redis or made
/// by its own writes): that one is used while Redis is out, and wins over an older one in Redis, which
/// is what Redis holds after an outage until FusionCache's auto-recovery has replayed the writes this
/// instance made during it. Lookups of one area that arrive together share one Redis read that began
/// after each of them arrived (<see cref="SharedRead{T}"/>): a hot area costs one read in flight, not
/// one per request.
/// </summary>
internal sealed class AreaGenerations
{
    /// <summary>A generation outlives every entry that carries it (at most the fail-safe age, a few hours).</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private readonly IFusionCache _cache;
    private readonly RedisCircuit? _circuit;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Generation> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SharedRead<Generation>> _reads = new(StringComparer.Ordinal);
    private readonly FusionCacheEntryOptions _read;
    private readonly FusionCacheEntryOptions _write;

    public AreaGenerations(IFusionCache cache, RedisCircuit? circuit, TimeProvider time)
    {
        _cache = cache;
        _circuit = circuit;
        _time = time;

        // Reads go to Redis only: a copy in memory could be older than a write made elsewhere. No
        // FusionCache timeout: a read that FusionCache gave up on would look like a missing
        // generation and not open the circuit; StackExchange.Redis's own timeout (RedisConnection)
        // ends the wait with an error instead, which opens it.
        _read = new FusionCacheEntryOptions(Lifetime)
        {
            SkipMemoryCacheRead = true,
            SkipMemoryCacheWrite = true,
            DistributedCacheHardTimeout = Timeout.InfiniteTimeSpan,
        };

        // Writes go to memory too: that copy is what auto-recovery replays to Redis after an outage.
        _write = new FusionCacheEntryOptions(Lifetime)
        {
            DistributedCacheHardTimeout = Timeout.InfiniteTimeSpan,
            AllowBackgroundDistributedCacheOperations = false,
            Priority = Microsoft.Extensions.Caching.Memory.CacheItemPriority.NeverRemove,
            Size = 1,
        };
    }

    /// <remarks>
    /// Not cancellable, here and in <see cref="AdvanceAsync"/>: every wait on Redis is bounded by
    /// Cache:RedisTimeout, and a generation must be advanced after a committed write even when the
    /// client that made it has gone (skipping it would leave stale entries reachable).
    /// </remarks>
    public ValueTask<Generation> CurrentAsync(string area)
    {
        if (_circuit is null)
        {
            return ValueTask.FromResult(Known(area));
        }

        var shared = _reads.GetOrAdd(area, static (area, self) => new SharedRead<Generation>(() => self.ReadAsync(area)), this);
        return new ValueTask<Generation>(shared.ReadAsync());
    }

    /// <summary>After a committed write: a newer generation for the area, in memory and in Redis.</summary>
    public async ValueTask<Generation> AdvanceAsync(string area)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var next = Learn(area, Generation.After(_known.TryGetValue(area, out var known) ? known : null, _time));
            if (_circuit is null)
            {
                return next;
            }

            // Awaited: when this returns, every instance's next lookup reads it (or Redis is out, and
            // FusionCache's auto-recovery writes it to Redis when Redis answers again).
            await _cache.SetAsync(CacheKeys.Generation(area), next, _write, CancellationToken.None);
            if (_circuit.IsOpen)
            {
                return next;
            }

            // Redis has no compare-and-set through FusionCache: a concurrent write on another instance
            // whose older generation landed after this one would hide this write. Check, and go again.
            var stored = await _cache.TryGetAsync<Generation>(CacheKeys.Generation(area), _read, CancellationToken.None);
            if (!stored.HasValue || stored.Value.CompareTo(next) >= 0)
            {
                return stored.HasValue ? Learn(area, stored.Value) : next;
            }
        }

        return Known(area);
    }

    private async ValueTask<Generation> ReadAsync(string area)
    {
        // Always asked, also while the circuit is open: FusionCache then skips Redis at once, and this
        // is the call that tries Redis again when the break is over.
        var stored = await _cache.TryGetAsync<Generation>(CacheKeys.Generation(area), _read, CancellationToken.None);
        if (stored.HasValue)
        {
            return Learn(area, stored.Value);
        }

        if (_circuit is { IsOpen: true })
        {
            return Known(area);
        }

        // Redis answered without one (first use, expiry, eviction, a flush): a new generation is always safe.
        return await AdvanceAsync(area);
    }

    private Generation Known(string area) => _known.GetOrAdd(area, static (_, time) => Generation.After(null, time), _time);

    /// <summary>Keeps the newer of what the instance knew and <paramref name="seen"/>, and returns it.</summary>
    private Generation Learn(string area, Generation seen) => _known.AddOrUpdate(area, static (_, seen) => seen, static (_, known, seen) => Generation.Newer(known, seen), seen);
}
