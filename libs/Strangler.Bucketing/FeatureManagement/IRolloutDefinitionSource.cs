namespace Strangler.Bucketing.FeatureManagement;

/// <summary>Supplies the current feature definitions, e.g. from the gateway's rollout snapshot and runtime state.</summary>
public interface IRolloutDefinitionSource
{
    /// <summary>The definitions in force now; replaced atomically when the rollout changes.</summary>
    RolloutFeatureDefinitions Current { get; }
}
