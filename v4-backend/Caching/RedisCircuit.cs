using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Events;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// Whether FusionCache's circuit breaker for Redis is open, as its events report it (raised on the
/// calling thread, so a call that opened the circuit sees it open when it returns). FusionCache opens
/// the circuit on the first Redis error and keeps Redis out of every call for
/// <see cref="CacheOptions.BreakDuration"/>; the first call after that tries Redis again.
/// </summary>
internal sealed partial class RedisCircuit
{
    private readonly IConnectionMultiplexer _connection;
    private readonly ILogger<RedisCircuit> _logger;
    private readonly TimeSpan _breakDuration;
    private volatile bool _open;

    public RedisCircuit(IFusionCache cache, IConnectionMultiplexer connection, CacheOptions options, ILogger<RedisCircuit> logger)
    {
        _connection = connection;
        _logger = logger;
        _breakDuration = options.BreakDuration;
        cache.Events.Distributed.CircuitBreakerChange += OnChange;
    }

    /// <summary>True from a Redis failure until a later call reaches Redis again: Redis is skipped.</summary>
    public bool IsOpen => _open;

    /// <summary>For /readyz.</summary>
    public string Status => _open ? "redis unavailable: circuit open, serving from memory" : _connection.IsConnected ? "redis" : "redis reconnecting";

    private void OnChange(object? sender, FusionCacheCircuitBreakerChangeEventArgs e)
    {
        _open = !e.IsClosed;
        if (_open)
        {
            LogOpened(_logger, _breakDuration.TotalSeconds);
        }
        else
        {
            LogClosed(_logger);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Redis failing: cache circuit opened for {Seconds} s, serving from memory")]
    private static partial void LogOpened(ILogger logger, double seconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Cache circuit closed: trying Redis again")]
    private static partial void LogClosed(ILogger logger);
}
