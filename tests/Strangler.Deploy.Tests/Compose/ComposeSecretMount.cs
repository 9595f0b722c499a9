namespace Strangler.Deploy.Tests.Compose;

/// <summary>A secret granted to a service, mounted at /run/secrets/TARGET (or at TARGET when absolute).</summary>
internal sealed record ComposeSecretMount(string Source, string Target, int? Mode)
{
    public string ContainerPath => Target.StartsWith('/') ? Target : "/run/secrets/" + Target;
}
