namespace Strangler.Deploy.Tests.Compose;

/// <summary>
/// One service of docker-compose.yml, with variables interpolated. <see cref="RawEnvironment"/> keeps
/// the values as written, to see where secrets come from.
/// </summary>
internal sealed record ComposeService(
    string Name,
    string? Image,
    ComposeBuild? Build,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> RawEnvironment,
    IReadOnlyList<string> Command,
    IReadOnlyList<ComposeMount> Volumes,
    IReadOnlyList<ComposePort> Ports,
    ComposeHealthcheck? Healthcheck,
    IReadOnlyDictionary<string, string> DependsOn,
    IReadOnlyList<ComposeSecretMount> Secrets)
{
    public string? Env(string name) => Environment.TryGetValue(name, out var value) ? value : null;

    /// <summary>The mount through which <paramref name="containerPath"/> is seen: the deepest one that covers it.</summary>
    public ComposeMount? MountOf(string containerPath) =>
        Volumes.Where(m => m.Covers(containerPath)).MaxBy(m => m.Target.Length);
}
