namespace Strangler.Gateway.State;

/// <summary>Why the effective rollout of a feature is what it is.</summary>
internal enum RuntimeMode
{
    /// <summary>Exactly what rollout.json says.</summary>
    File,

    /// <summary>Auto-advance moved it beyond the file's percentage.</summary>
    Advanced,

    /// <summary>The guard reverted it; holds until resume or a new file revision of the feature.</summary>
    Reverted,

    /// <summary>An operator forced a percentage; holds until resume, even over file edits.</summary>
    Forced,
}
