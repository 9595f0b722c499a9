using Strangler.TestSupport.Files;

namespace Strangler.Deploy.Tests;

/// <summary>Paths in the repository checkout the tests run from.</summary>
internal static class RepoPaths
{
    public static string Root => RepositoryRoot.Path;

    /// <summary>A repository path written with '/' separators, e.g. "deploy/compose/rollout.json".</summary>
    public static string Full(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>The repository-relative form of a full path, with '/' separators.</summary>
    public static string Relative(string full) => Path.GetRelativePath(Root, full).Replace('\\', '/');
}
