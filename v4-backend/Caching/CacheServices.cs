using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Strangler.Contracts.Http;
using Strangler.Contracts.Json;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace Strangler.V4Backend.Caching;

/// <summary>Registers the cache: FusionCache over memory and, when ConnectionStrings:Redis is set, Redis.</summary>
internal static class CacheServices
{
    /// <summary>How soon after Redis answers again the writes it missed are replayed (FusionCache's auto-recovery).</summary>
    private static readonly TimeSpan ReplayDelay = TimeSpan.FromSeconds(1);

    public static IServiceCollection AddDirectoryCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CacheOptions>().BindConfiguration("Cache");
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CacheOptions>>().Value);
        services.AddSingleton<CacheStats>();
        services.AddMemoryCache();
        services.AddOptions<MemoryCacheOptions>().Configure<CacheOptions>((memory, cache) => memory.SizeLimit = cache.MemoryMaxEntries);

        var redis = configuration.GetConnectionString("Redis") is { Length: > 0 } connectionString ? connectionString : null;
        var fusion = services.AddFusionCache()
            .WithRegisteredMemoryCache()
            .WithOptions((sp, options) =>
            {
                var cache = sp.GetRequiredService<CacheOptions>();
                options.CacheKeyPrefix = CacheKeys.Prefix;
                options.DisableTagging = true;
                options.DistributedCacheCircuitBreakerDuration = cache.BreakDuration;
                options.AutoRecoveryDelay = ReplayDelay;

                // RedisCircuit must see the circuit change on the thread of the call that changed it.
                options.EnableSyncEventHandlersExecution = true;
            });

        if (redis is null)
        {
            services.AddSingleton(sp => new AreaGenerations(sp.GetRequiredService<IFusionCache>(), null, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp => new DirectoryCache(sp.GetRequiredService<IFusionCache>(), sp.GetRequiredService<AreaGenerations>(), null, sp.GetRequiredService<CacheStats>(), sp.GetRequiredService<CacheOptions>()));
            return services;
        }

        try
        {
            ConfigurationOptions.Parse(redis);
        }
        catch (ArgumentException e)
        {
            throw new BackendStartupException($"ConnectionStrings:Redis is not a valid StackExchange.Redis connection string: {e.Message}");
        }

        services.AddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(RedisConnection.Options(redis, sp.GetRequiredService<CacheOptions>())));
        fusion
            .WithSerializer(new FusionCacheSystemTextJsonSerializer(SerializerOptions()))
            .WithDistributedCache(sp =>
            {
                var connection = sp.GetRequiredService<IConnectionMultiplexer>();
                var redisCache = new RedisCache(Options.Create(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(connection) }));
                return new CountingDistributedCache(redisCache, sp.GetRequiredService<CacheStats>());
            });
        services.AddSingleton<RedisCircuit>();
        services.AddSingleton(sp => new AreaGenerations(sp.GetRequiredService<IFusionCache>(), sp.GetRequiredService<RedisCircuit>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DirectoryCache(sp.GetRequiredService<IFusionCache>(), sp.GetRequiredService<AreaGenerations>(), sp.GetRequiredService<RedisCircuit>(), sp.GetRequiredService<CacheStats>(), sp.GetRequiredService<CacheOptions>()));
        return services;
    }

    /// <summary>
    /// What goes to Redis: source-generated (<see cref="CacheJson"/>, the contract's types through
    /// <see cref="ContractJson"/>). Reflection stays as the fallback and fields are included, as
    /// FusionCache asks of System.Text.Json (value tuples are fields).
    /// </summary>
    private static JsonSerializerOptions SerializerOptions() => new()
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CacheJson.Default, ContractJson.Default, new DefaultJsonTypeInfoResolver()),
        IncludeFields = true,
    };
}
