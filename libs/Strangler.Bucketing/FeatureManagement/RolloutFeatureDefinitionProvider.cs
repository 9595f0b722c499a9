using Microsoft.FeatureManagement;

namespace Strangler.Bucketing.FeatureManagement;

/// <summary>Feeds FeatureManagement from an <see cref="IRolloutDefinitionSource"/>.</summary>
public sealed class RolloutFeatureDefinitionProvider(IRolloutDefinitionSource source) : IFeatureDefinitionProvider
{
    public Task<FeatureDefinition> GetFeatureDefinitionAsync(string featureName) =>
        source.Current.Get(featureName)!;

    public async IAsyncEnumerable<FeatureDefinition> GetAllFeatureDefinitionsAsync()
    {
        foreach (var definition in source.Current.Definitions)
        {
            yield return definition;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
