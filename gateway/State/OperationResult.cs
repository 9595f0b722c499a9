namespace Strangler.Gateway.State;

/// <summary>Outcome of an operator action: the new state, or why it was refused (unknown feature, bad input, fleet store unreachable).</summary>
internal sealed record OperationResult(FeatureRuntimeState? State, string? Error, bool NotFound = false, bool Unavailable = false, bool Fenced = false)
{
    public static OperationResult Ok(FeatureRuntimeState state) => new(state, null);

    public static OperationResult UnknownFeature(string feature) => new(null, $"unknown feature '{feature}'", NotFound: true);

    public static OperationResult Invalid(string error) => new(null, error);

    /// <summary>Nothing was applied because the fleet store could not apply it everywhere.</summary>
    public static OperationResult FleetUnavailable(string error) => new(null, error, Unavailable: true);

    /// <summary>A guard decision the fleet store refused: another leader has been elected since its epoch.</summary>
    public static OperationResult Superseded(string error) => new(null, error, Fenced: true);
}
