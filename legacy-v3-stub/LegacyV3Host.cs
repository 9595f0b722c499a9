using Microsoft.Extensions.DependencyInjection.Extensions;
using Strangler.Contracts;
using Strangler.Contracts.Http;
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

        builder.Services.AddContractAuthentication(builder.Configuration["Auth:SigningKey"]);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new InMemoryStore(SampleDataset.Generate(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IDirectoryApi, LegacyDirectory>();
        builder.Services.AddFaultInjection(builder.Configuration);
        builder.Services.AddContractServices();

        var app = builder.Build();
        var prefix = app.Configuration["Stub:Prefix"] ?? DefaultPrefix;
        app.UseContractPipeline(app.Configuration["Stub:BackendName"] ?? DefaultBackendName, prefix);
        app.UseFaultInjection();
        app.UseContractAuthentication();
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapDirectoryApi(prefix);
        return app;
    }
}
