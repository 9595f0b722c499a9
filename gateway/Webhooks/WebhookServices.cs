using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Hosting;

namespace Strangler.Gateway.Webhooks;

internal static class WebhookServices
{
    /// <summary>Registers delivery when Gateway:Webhooks lists any receiver; without one nothing runs and no series exist.</summary>
    public static void AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetSection($"{GatewayOptions.Section}:{nameof(GatewayOptions.Webhooks)}").GetChildren().Any())
        {
            return;
        }

        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
    }
}
