using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Strangler.Contracts;
using Strangler.Contracts.Http;
using Strangler.Contracts.Identity;
using Strangler.Faults;
using Strangler.Resp;
using Strangler.Telemetry;
using Strangler.V4Backend.Apis;
using Strangler.V4Backend.Caching;
using Strangler.V4Backend.Infrastructure;
using Strangler.V4Backend.Repositories;
using Strangler.V4Backend.Services;

namespace Strangler.V4Backend;

/// <summary>
/// The v4 API: the public contract under /api/v4, served by services (rules, caching) over
/// repositories over PostgreSQL (ConnectionStrings:Postgres) or, by default, an embedded SQLite
/// file; Redis (ConnectionStrings:Redis) as cache with an in-memory fallback.
/// </summary>
public static class V4BackendHost
{
    public const string BackendName = "v4";
    public const string Prefix = "/api/v4";

    /// <summary>The OpenTelemetry service name of the metrics pipeline.</summary>
    public const string ServiceName = "strangler-v4";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;

        var key = configuration["Auth:SigningKey"];
        if (string.IsNullOrEmpty(key) || System.Text.Encoding.UTF8.GetByteCount(key) < Hs256Jwt.MinKeyBytes)
        {
            throw new InvalidOperationException($"Auth:SigningKey must be set to an HS256 key of at least {Hs256Jwt.MinKeyBytes} bytes (e.g. environment variable Auth__SigningKey).");
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<DatabaseOptions>(configuration.GetSection("Database"));
        services.Configure<CacheOptions>(configuration.GetSection("Cache"));
        services.AddSingleton(sp => configuration.GetConnectionString("Postgres") is { Length: > 0 } postgres
            ? Database.Postgres(postgres)
            : Database.Sqlite(Path.Combine(builder.Environment.ContentRootPath, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.SqlitePath)));
        services.AddSingleton<Seeder>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<IRestaurantRepository, RestaurantRepository>();
        services.AddSingleton<IReviewRepository, ReviewRepository>();
        services.AddSingleton<IUserRepository, UserRepository>();
        services.AddSingleton<IStatisticsRepository, StatisticsRepository>();
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            // Connects in the background: the backend starts (and serves from memory) even when Redis is down.
            services.AddSingleton<IRedisClient>(_ => RedisClient.Create(RedisClientOptions.Parse(redis)));
        }

        services.AddSingleton<CacheStats>();
        services.AddMetricsPipeline(ServiceName, [CacheStats.MeterName]);
        services.AddSingleton<RedisCircuit>();
        services.AddSingleton(sp => new DirectoryCache(
            sp.GetService<IRedisClient>(),
            sp.GetRequiredService<RedisCircuit>(),
            sp.GetRequiredService<CacheStats>(),
            sp.GetRequiredService<IOptions<CacheOptions>>()));
        services.AddSingleton<Clock>();
        services.AddSingleton<RestaurantService>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<UserService>();
        services.AddSingleton<StatisticsService>();
        services.AddSingleton<IDirectoryApi, V4Directory>();
        services.AddSingleton(new Hs256Jwt(key));
        services.AddSingleton<Caller>();
        services.AddFaultInjection(configuration);
        services.AddContractServices();

        var app = builder.Build();
        // Listening before anything is measured.
        app.Services.GetRequiredService<MeterProvider>();
        var seed = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Seed;
        app.Services.GetRequiredService<Migrator>().MigrateAsync(seed, CancellationToken.None).GetAwaiter().GetResult();

        app.UseContractPipeline(BackendName);
        app.UseFaultInjection();
        app.MapHealthApi();
        app.MapPrometheusText();
        app.MapDirectoryApi(Prefix);
        return app;
    }
}
