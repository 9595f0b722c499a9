namespace Strangler.V4Backend.Caching;

/// <summary>Section "Cache". Redis is used when ConnectionStrings:Redis is set; otherwise memory only.</summary>
internal sealed class CacheOptions
{
    /// <summary>
    /// Longest a request waits for Redis. StackExchange.Redis fails a command that has no answer
    /// after 80 % of it (its timeouts are checked on a heartbeat of a tenth of it), so the failure
    /// arrives within this bound and opens the circuit. FusionCache's hard timeout on reads of
    /// entries is this value too, as a backstop. Default 250 ms.
    /// </summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long Redis is skipped (memory used) after a failure before a request tries it again; a
    /// failed try skips it for another interval. Default 5 s.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest an entry stays in an instance's memory (never longer than its area's TTL). Entries are
    /// keyed by their area's generation, so this does not bound staleness while Redis is up; while
    /// Redis is out, other instances' writes reach this instance only through expiry, so it bounds
    /// how stale reads can be then. Default 30 s.
    /// </summary>
    public TimeSpan MemoryMaxTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most entries an instance keeps in memory: when full, a new entry is not kept and the least
    /// recently used 5 % are dropped (MemoryCache's compaction). Default 10,000 (about 100 MB if
    /// every entry is a full page).
    /// </summary>
    public int MemoryMaxEntries { get; set; } = 10_000;

    /// <summary>
    /// How long an entry whose TTL has passed may still be served when the database cannot produce a
    /// fresh one (FusionCache's fail-safe). Default 2 h.
    /// </summary>
    public TimeSpan FailSafeMaxAge { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// A PEM file with the certificate authority that signed Redis's TLS certificate (for
    /// <c>ssl=true</c> in the connection string), when it is not in the system's trust store. Optional.
    /// </summary>
    public string? RedisCertificateAuthority { get; set; }
}
