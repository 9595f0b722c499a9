namespace Strangler.V4Backend.Caching;

/// <summary>Section "Cache". Redis is used when ConnectionStrings:Redis is set; otherwise memory only.</summary>
internal sealed class CacheOptions
{
    /// <summary>
    /// Longest a Redis call may take before it counts as a failure. The first failure opens the
    /// circuit and releases every other call waiting on Redis. Default 250 ms.
    /// </summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long Redis is skipped (memory used) after a failure before one call probes it again; a
    /// failed probe skips it for another interval. Default 5 s.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest an entry lives in the in-memory tier. While Redis is out, other instances' writes
    /// reach this instance only through expiry, so this bounds how stale its reads can be. Default 30 s.
    /// </summary>
    public TimeSpan MemoryMaxTtl { get; set; } = TimeSpan.FromSeconds(30);
}
