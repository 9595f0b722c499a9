using System.Reflection;

namespace Strangler.LocalStack.Services;

/// <summary>
/// Where the build put each service's entry assembly: recorded by the project file at build time
/// relative to the repository root, which is found above this assembly (the stack runs from a checkout).
/// </summary>
internal static class ServiceAssemblies
{
    public const string LegacyV3 = "legacy-v3-stub";
    public const string V4 = "v4-backend";
    public const string Gateway = "gateway";

    public static string PathOf(string assemblyName)
    {
        var key = "service:" + assemblyName;
        var relative = typeof(ServiceAssemblies).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"this build of local-stack does not know where {assemblyName} is; rebuild it with 'dotnet build local-stack'");
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot(), relative));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{assemblyName} is not built at {path}; run the stack with 'dotnet run --project local-stack', which builds it", path);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Strangler.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"local-stack runs from a checkout of the repository; no Strangler.slnx above {AppContext.BaseDirectory}");
    }
}
