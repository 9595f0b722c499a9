using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Strangler.Faults;

public static class FaultInjectionExtensions
{
    /// <summary>Registers fault injection; it only takes effect when Faults:Enabled is true.</summary>
    public static IServiceCollection AddFaultInjection(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FaultOptions>(configuration.GetSection(FaultOptions.Section));
        services.AddSingleton<FaultRules>();
        services.AddSingleton(sp => new FaultDice(sp.GetRequiredService<IOptions<FaultOptions>>().Value.Seed));
        return services;
    }

    /// <summary>Adds the middleware and the control endpoint when enabled; otherwise nothing.</summary>
    public static WebApplication UseFaultInjection(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<FaultOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        app.UseMiddleware<FaultInjectionMiddleware>();
        app.MapFaultControl(options.ControlPath);
        return app;
    }
}
