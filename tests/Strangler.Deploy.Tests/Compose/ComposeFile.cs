namespace Strangler.Deploy.Tests.Compose;

/// <summary>docker-compose.yml as the tests see it, read by <see cref="ComposeFileReader"/>.</summary>
/// <param name="Directory">The directory holding the file: relative paths in it are relative to this.</param>
/// <param name="InterpolationErrors">Required variables that were missing, with compose's message.</param>
internal sealed record ComposeFile(
    string Directory,
    IReadOnlyDictionary<string, ComposeService> Services,
    IReadOnlySet<string> Volumes,
    IReadOnlyDictionary<string, ComposeSecret> Secrets,
    IReadOnlyList<string> InterpolationErrors)
{
    /// <summary>A host path written in the file (e.g. a bind mount's source), made absolute.</summary>
    public string HostPath(string path) => Path.GetFullPath(Path.Combine(Directory, path));

    /// <summary>The service whose image is built from <paramref name="dockerfile"/> (repository-relative).</summary>
    public ComposeService BuiltFrom(string dockerfile) =>
        Services.Values.Single(s => s.Build is { } build
            && RepoPaths.Relative(Path.Combine(HostPath(build.Context), build.Dockerfile)) == dockerfile);
}
