using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Strangler.V4Backend.Caching;

/// <summary>Hit, miss and fallback counters per area and tier, as metrics and for /readyz.</summary>
internal sealed class CacheStats : IDisposable
{
    public const string MeterName = "Strangler.V4Backend";

    private readonly Meter _meter = new(MeterName);

    public Meter Meter => _meter;
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _redisFailures;
    private readonly ConcurrentDictionary<(string Area, string Tier, string Result), long> _totals = new();
    private readonly ConcurrentDictionary<string, long> _failureTotals = new(StringComparer.Ordinal);

    public CacheStats()
    {
        _lookups = _meter.CreateCounter<long>("strangler.v4.cache.lookups", "{lookup}", "Cache lookups by area, tier (redis, memory) and result (hit, miss).");
        _fallbacks = _meter.CreateCounter<long>("strangler.v4.cache.fallbacks", "{operation}", "Cache operations served by the in-memory tier because Redis failed or its circuit was open.");
        _redisFailures = _meter.CreateCounter<long>("strangler.v4.cache.redis_failures", "{call}", "Redis calls that failed, by kind: timeout (a caller waited the whole Redis timeout) or error.");
    }

    public void Lookup(string area, string tier, bool hit)
    {
        var result = hit ? "hit" : "miss";
        _lookups.Add(1, new("area", area), new("tier", tier), new("result", result));
        _totals.AddOrUpdate((area, tier, result), 1, (_, n) => n + 1);
    }

    public void Fallback() => _fallbacks.Add(1);

    /// <param name="kind">"timeout" or "error".</param>
    public void RedisFailure(string kind)
    {
        _redisFailures.Add(1, new KeyValuePair<string, object?>("kind", kind));
        _failureTotals.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }

    public long RedisFailures(string kind) => _failureTotals.GetValueOrDefault(kind);

    public long Total(string area, string tier, bool hit) => _totals.GetValueOrDefault((area, tier, hit ? "hit" : "miss"));

    public void Dispose() => _meter.Dispose();
}
