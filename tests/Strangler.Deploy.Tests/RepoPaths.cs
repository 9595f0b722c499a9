namespace Strangler.Deploy.Tests;

/// <summary>Paths in the repository checkout the tests run from.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>A repository path written with '/' separators, e.g. "deploy/compose/rollout.json".</summary>
    public static string Full(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>The repository-relative form of a full path, with '/' separators.</summary>
    public static string Relative(string full) => Path.GetRelativePath(Root, full).Replace('\\', '/');

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Strangler.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (Strangler.slnx) not found above " + AppContext.BaseDirectory);
    }
}
