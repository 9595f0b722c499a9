namespace Strangler.Gateway.State;

/// <summary>Outcome of an operator action: the new state, or why it was refused (unknown feature, bad input).</summary>
internal sealed record OperationResult(FeatureRuntimeState? State, string? Error, bool NotFound = false)
{
    public static OperationResult Ok(FeatureRuntimeState state) => new(state, null);

    public static OperationResult UnknownFeature(string feature) => new(null, $"unknown feature '{feature}'", NotFound: true);

    public static OperationResult Invalid(string error) => new(null, error);
}
