namespace Strangler.Deploy.Tests.Compose;

/// <summary>The repository's docker-compose.yml, read with a sample set of the variables it requires.</summary>
internal static class ComposeStack
{
    public const string FileName = "docker-compose.yml";

    /// <summary>What a user puts in .env (see the README's "docker compose" section).</summary>
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GATEWAY_ADMIN_TOKEN"] = "test-admin-token",
        ["JWT_SIGNING_KEY"] = "test-signing-key-of-at-least-32-bytes!",
        ["POSTGRES_PASSWORD"] = "testpostgrespassword",
        ["GRAFANA_ADMIN_PASSWORD"] = "testgrafanapassword",
    };

    public static string Path => RepoPaths.Full(FileName);

    public static ComposeFile File { get; } = ComposeFileReader.Read(Path, Variables);

    public static ComposeService Service(string name) =>
        File.Services.TryGetValue(name, out var service) ? service : throw new Xunit.Sdk.XunitException($"{FileName} has no service '{name}'");
}
