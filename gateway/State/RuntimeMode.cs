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

    /// <summary>
    /// Emergency rollback-all: nobody is served by v4, always-v4 testers included; holds until
    /// resume, even over file edits. What rollout.json says is kept, so resume restores it exactly.
    /// </summary>
    RolledBack,
}

/// <summary>The modes' names in status, the state file and the dashboard.</summary>
internal static class RuntimeModes
{
    private static readonly string[] Names = ["file", "advanced", "reverted", "forced", "rolled_back"];

    public static string ToName(this RuntimeMode mode) => Names[(int)mode];

    public static bool TryParse(string? name, out RuntimeMode mode)
    {
        var index = Array.IndexOf(Names, name);
        mode = (RuntimeMode)Math.Max(index, 0);
        return index >= 0;
    }
}
