namespace Strangler.TestSupport.Files;

/// <summary>The checkout the tests were built from: the nearest directory above the test binaries that holds Strangler.slnx.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Strangler.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (Strangler.slnx) not found above " + AppContext.BaseDirectory);
    }
}
