using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.FeatureManagement;

namespace Strangler.Bucketing.FeatureManagement;

public static class RolloutFeatureManagementExtensions
{
    /// <summary>
    /// Registers FeatureManagement with <see cref="RolloutFilter"/>, fed by the registered
    /// <see cref="IRolloutDefinitionSource"/> instead of configuration.
    /// </summary>
    public static IFeatureManagementBuilder AddRolloutFeatureManagement(this IServiceCollection services)
    {
        services.TryAddSingleton<IFeatureDefinitionProvider, RolloutFeatureDefinitionProvider>();
        return services.AddFeatureManagement().AddFeatureFilter<RolloutFilter>();
    }
}
