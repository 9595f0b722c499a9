namespace Strangler.Deploy.Tests.Compose;

/// <summary>A service's healthcheck: <paramref name="Test"/> as Docker runs it (["CMD", ...] or ["CMD-SHELL", "..."]).</summary>
internal sealed record ComposeHealthcheck(IReadOnlyList<string> Test, bool Disabled)
{
    public bool Probes => !Disabled && Test.Count > 1 && Test[0] is "CMD" or "CMD-SHELL";
}
