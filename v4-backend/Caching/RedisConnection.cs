using StackExchange.Redis;

namespace Strangler.V4Backend.Caching;

/// <summary>How v4 connects to Redis: the connection string, with what the cache's timing needs.</summary>
internal static class RedisConnection
{
    /// <summary>
    /// StackExchange.Redis options from ConnectionStrings:Redis (its own syntax: "host:port,password=...,
    /// user=...,ssl=true"). The command timeout, the heartbeat that enforces it and the behaviour while
    /// disconnected are set from <see cref="CacheOptions"/>, whatever the string says.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is not valid.</exception>
    public static ConfigurationOptions Options(string connectionString, CacheOptions cache)
    {
        var options = ConfigurationOptions.Parse(connectionString);

        // Start, and serve from memory, while Redis is down; reconnect in the background.
        options.AbortOnConnectFail = false;

        // While disconnected, a command fails at once instead of queueing for the reconnect.
        options.BacklogPolicy = BacklogPolicy.FailFast;

        // A command without an answer fails after 80 % of RedisTimeout, noticed within a heartbeat of
        // 10 %, so the error (which opens FusionCache's circuit; its own timeouts do not) comes in time.
        options.AsyncTimeout = options.SyncTimeout = (int)(cache.RedisTimeout.TotalMilliseconds * 0.8);
        options.HeartbeatInterval = cache.RedisTimeout / 10;
        if (cache.RedisCertificateAuthority is { Length: > 0 } authority)
        {
            options.TrustIssuer(authority);
        }

        return options;
    }
}
