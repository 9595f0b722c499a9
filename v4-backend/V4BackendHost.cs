using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Strangler.Contracts;
using Strangler.Contracts.Http;
using Strangler.Faults;
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
/// file; cached in memory and, with ConnectionStrings:Redis, in Redis (FusionCache).
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

        var services = builder.Services;
        services.AddContractAuthentication(configuration["Auth:SigningKey"]);
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<DatabaseOptions>(configuration.GetSection("Database"));
        services.AddSingleton(sp => configuration.GetConnectionString("Postgres") is { Length: > 0 } postgres
            ? Database.Postgres(postgres)
            : Database.Sqlite(Path.Combine(builder.Environment.ContentRootPath, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.SqlitePath)));
        services.AddSingleton<Seeder>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<IRestaurantRepository, RestaurantRepository>();
        services.AddSingleton<IReviewRepository, ReviewRepository>();
        services.AddSingleton<IUserRepository, UserRepository>();
        services.AddSingleton<IStatisticsRepository, StatisticsRepository>();
        services.AddDirectoryCache(configuration);
        services.AddMetricsPipeline(ServiceName, [CacheStats.MeterName]);
        services.AddSingleton<Clock>();
        services.AddSingleton<RestaurantService>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<UserService>();
        services.AddSingleton<StatisticsService>();
        services.AddSingleton<IDirectoryApi, V4Directory>();
        services.AddFaultInjection(configuration);
        services.AddContractServices();

        var app = builder.Build();
        // Listening before anything is measured.
        app.Services.GetRequiredService<MeterProvider>();
        var seed = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Seed;
        app.Services.GetRequiredService<Migrator>().MigrateAsync(seed, CancellationToken.None).GetAwaiter().GetResult();

        // Connects to Redis now (or starts reconnecting in the background), not on the first request.
        app.Services.GetRequiredService<DirectoryCache>();

        app.UseContractPipeline(BackendName, Prefix);
        app.UseFaultInjection();
        app.UseContractAuthentication();
        app.MapHealthApi();
        app.MapPrometheusText();
        app.MapDirectoryApi(Prefix);
        return app;
    }
}
