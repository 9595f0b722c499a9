namespace Strangler.V4Backend.Caching;

/// <summary>Section "Cache". Redis is used when ConnectionStrings:Redis is set; otherwise memory only.</summary>
internal sealed class CacheOptions
{
    /// <summary>Longest a Redis call may take before it counts as a failure.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the circuit stays open (Redis skipped, memory used) after it trips.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest an entry lives in the in-memory tier, bounding staleness across instances while Redis is out.</summary>
    public TimeSpan MemoryMaxTtl { get; set; } = TimeSpan.FromSeconds(30);
}
