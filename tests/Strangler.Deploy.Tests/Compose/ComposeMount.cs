namespace Strangler.Deploy.Tests.Compose;

/// <summary>One entry of a service's <c>volumes</c>: <paramref name="Type"/> is "bind" or "volume".</summary>
internal sealed record ComposeMount(string Type, string Source, string Target, bool ReadOnly)
{
    public bool IsBind => Type == "bind";

    /// <summary>True when <paramref name="containerPath"/> is this mount's target or lies below it.</summary>
    public bool Covers(string containerPath) =>
        containerPath == Target || containerPath.StartsWith(Target.TrimEnd('/') + "/", StringComparison.Ordinal);
}
