using Microsoft.Extensions.DependencyInjection.Extensions;
using Strangler.Contracts;
using Strangler.Contracts.Http;
using Strangler.Contracts.Identity;
using Strangler.Contracts.Sample;
using Strangler.Faults;
using Strangler.LegacyV3.Data;

namespace Strangler.LegacyV3;

/// <summary>
/// The legacy v3 API stand-in: the whole public contract under /api from the deterministic sample
/// dataset in memory, JWT validation, /healthz, and opt-in fault injection for demos and tests.
/// </summary>
public static class LegacyV3Host
{
    /// <summary>Default name in X-Backend; configurable (Stub:BackendName) so tests can stand a second instance in for v4.</summary>
    public const string DefaultBackendName = "v3";

    /// <summary>Default path prefix of the contract; configurable (Stub:Prefix), e.g. /api/v4 for a v4 stand-in.</summary>
    public const string DefaultPrefix = "/api";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        var key = builder.Configuration[$"{AuthOptions.Section}:SigningKey"];
        if (string.IsNullOrEmpty(key) || System.Text.Encoding.UTF8.GetByteCount(key) < Hs256Jwt.MinKeyBytes)
        {
            throw new InvalidOperationException(
                $"Auth:SigningKey must be set to an HS256 key of at least {Hs256Jwt.MinKeyBytes} bytes (e.g. environment variable Auth__SigningKey).");
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new Hs256Jwt(key));
        builder.Services.AddSingleton<Caller>();
        builder.Services.AddSingleton(sp => new InMemoryStore(SampleDataset.Generate(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IDirectoryApi, LegacyDirectory>();
        builder.Services.AddFaultInjection(builder.Configuration);
        builder.Services.AddContractServices();

        var app = builder.Build();
        app.UseContractPipeline(app.Configuration["Stub:BackendName"] ?? DefaultBackendName);
        app.UseFaultInjection();
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapDirectoryApi(app.Configuration["Stub:Prefix"] ?? DefaultPrefix);
        return app;
    }
}
