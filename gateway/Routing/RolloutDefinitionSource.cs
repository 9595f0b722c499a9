using Strangler.Bucketing.FeatureManagement;
using Strangler.Gateway.Rollout;

namespace Strangler.Gateway.Routing;

/// <summary>Feature definitions for FeatureManagement, rebuilt whenever a rollout revision is applied.</summary>
internal sealed class RolloutDefinitionSource : IRolloutDefinitionSource
{
    private volatile RolloutFeatureDefinitions _current = RolloutFeatureDefinitions.Empty;

    public RolloutDefinitionSource(RolloutStore store) => store.Subscribe(OnApplied);

    public RolloutFeatureDefinitions Current => _current;

    private void OnApplied(RouteTable table) =>
        _current = new RolloutFeatureDefinitions(
            table.Snapshot.Features.Select(f => KeyValuePair.Create(f.Name, f.ToRule())));
}
