namespace Strangler.Deploy.Tests.Compose;

/// <summary>A top-level secret, read from a file or from an environment variable of the host.</summary>
internal sealed record ComposeSecret(string Name, string? File, string? Environment);
