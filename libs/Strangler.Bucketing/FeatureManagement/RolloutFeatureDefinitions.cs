using System.Collections.Frozen;
using Microsoft.FeatureManagement;

namespace Strangler.Bucketing.FeatureManagement;

/// <summary>
/// An immutable set of feature definitions built from rollout rules, each already wrapped in a
/// completed task so that looking one up on the request path allocates nothing.
/// </summary>
public sealed class RolloutFeatureDefinitions
{
    private readonly FrozenDictionary<string, Task<FeatureDefinition?>> _byName;

    public RolloutFeatureDefinitions(IEnumerable<KeyValuePair<string, RolloutRule>> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var definitions = rules.Select(pair => Create(pair.Key, pair.Value)).ToArray();
        Definitions = definitions;
        _byName = definitions.ToFrozenDictionary(
            d => d.Name,
            d => Task.FromResult<FeatureDefinition?>(d),
            StringComparer.Ordinal);
    }

    public static RolloutFeatureDefinitions Empty { get; } = new([]);

    public IReadOnlyList<FeatureDefinition> Definitions { get; }

    /// <summary>The definition as a completed task, or a completed null task when unknown.</summary>
    public Task<FeatureDefinition?> Get(string featureName) =>
        _byName.TryGetValue(featureName, out var task) ? task : Missing;

    private static readonly Task<FeatureDefinition?> Missing = Task.FromResult<FeatureDefinition?>(null);

    /// <summary>A definition whose only filter is <see cref="RolloutFilter"/> with the rule pre-bound.</summary>
    public static FeatureDefinition Create(string name, RolloutRule rule) => new()
    {
        Name = name,
        EnabledFor =
        [
            new FeatureFilterConfiguration
            {
                Name = RolloutFilter.Alias,
                ParametersObject = rule,
            },
        ],
    };
}
