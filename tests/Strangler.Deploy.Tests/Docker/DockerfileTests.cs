using System.Text.Json;
using System.Xml.Linq;
using Strangler.Deploy.Tests.Compose;

namespace Strangler.Deploy.Tests.Docker;

/// <summary>
/// The Dockerfiles of the services docker-compose.yml builds. No Docker engine is needed: the
/// tests check what a build would read (COPY sources in the context, not excluded by
/// .dockerignore, in the repository's layout, covering every referenced project) and what the
/// image declares (SDK and runtime versions, user, ports, healthcheck).
/// </summary>
public sealed class DockerfileTests
{
    /// <summary>Files at the repository root that every restore and build reads.</summary>
    private static readonly string[] SharedBuildInputs =
        ["global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "build"];

    public static TheoryData<string> BuiltServices =>
        new(ComposeStack.File.Services.Values.Where(s => s.Build is not null).Select(s => s.Name).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(BuiltServices))]
    public void Every_COPY_source_exists_in_the_build_context_and_reaches_the_builder(string service)
    {
        var (context, dockerfile) = Load(service);
        var ignore = DockerIgnore.Load(context);
        var problems = new List<string>();
        foreach (var copy in dockerfile.Stages.SelectMany(s => s.ContextCopies))
        {
            foreach (var source in DockerStage.Sources(copy))
            {
                var where = $"{RepoPaths.Relative(dockerfile.Path)}:{copy.Line}: {source}";
                if (source.IndexOfAny(['*', '?', '[']) >= 0)
                {
                    problems.Add($"{where}: wildcard sources are not checked here; name the files");
                }
                else if (!File.Exists(Path.Combine(context, source)) && !Directory.Exists(Path.Combine(context, source)))
                {
                    problems.Add($"{where}: does not exist in the build context ({RepoPaths.Relative(context)}/)");
                }
                else if (ignore.Excludes(source))
                {
                    problems.Add($"{where}: excluded by .dockerignore, so the builder never receives it");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(BuiltServices))]
    public void The_build_stage_copies_the_repository_layout_that_restore_and_publish_need(string service)
    {
        var (context, dockerfile) = Load(service);
        var build = dockerfile.Stages[0];
        var restore = Run(build, "restore");
        var publish = Run(build, "publish");
        Assert.True(restore is not null, $"{service}: the build stage has no 'RUN dotnet restore' (restore before copying sources, so the restore layer is cached)");
        Assert.True(publish is not null, $"{service}: the build stage has no 'RUN dotnet publish'");
        Assert.True(ConfigurationOf(publish) == "Release", $"{service}: {RepoPaths.Relative(dockerfile.Path)}:{publish.Line}: publish with -c Release");

        var project = publish.Words[2];
        Assert.True(File.Exists(Path.Combine(context, project)), $"{service}: publishes {project}, which does not exist");
        var copies = build.ContextCopies.SelectMany(c => DockerStage.Sources(c).Select(s => (Instruction: c, Source: Clean(s)))).ToList();
        var problems = new List<string>();

        // The build mirrors the repository, so relative paths (ProjectReference, imports) resolve.
        foreach (var (instruction, source) in copies)
        {
            if (Clean(CopiedTo(instruction, source, context)) != source)
            {
                problems.Add($"line {instruction.Line}: {source} is copied to {CopiedTo(instruction, source, context)}; keep the repository layout");
            }
        }

        bool CopiedBefore(string path, int line) =>
            copies.Any(c => c.Instruction.Line < line && (path == c.Source || path.StartsWith(c.Source + "/", StringComparison.Ordinal)));

        foreach (var input in SharedBuildInputs)
        {
            if (!CopiedBefore(input, restore.Line))
            {
                problems.Add($"{input} is not copied before 'dotnet restore' (line {restore.Line})");
            }
        }

        foreach (var reference in ProjectClosure(Path.Combine(context, project)).Select(p => Clean(Path.GetRelativePath(context, p))))
        {
            if (!CopiedBefore(reference, restore.Line))
            {
                problems.Add($"{reference} is not copied before 'dotnet restore' (line {restore.Line})");
            }

            var directory = reference[..reference.LastIndexOf('/')];
            if (!CopiedBefore(directory, publish.Line))
            {
                problems.Add($"{directory}/ is not copied before 'dotnet publish' (line {publish.Line})");
            }
        }

        Assert.True(problems.Count == 0, $"{RepoPaths.Relative(dockerfile.Path)}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(BuiltServices))]
    public void The_image_builds_and_runs_on_the_dotnet_version_of_global_json(string service)
    {
        var (_, dockerfile) = Load(service);
        using var globalJson = JsonDocument.Parse(File.ReadAllText(RepoPaths.Full("global.json")));
        var sdk = globalJson.RootElement.GetProperty("sdk");
        var version = Version.Parse(sdk.GetProperty("version").GetString()!);
        var channel = $"{version.Major}.{version.Minor}";

        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{channel}", dockerfile.Stages[0].BaseImage);
        Assert.Equal($"mcr.microsoft.com/dotnet/aspnet:{channel}", dockerfile.Final.BaseImage);
        Assert.True(dockerfile.Stages.Count >= 2, "a multi-stage build: the SDK stays out of the runtime image");

        // The image's SDK is the channel's newest feature band: global.json must let it roll forward to it.
        var rollForward = sdk.TryGetProperty("rollForward", out var roll) ? roll.GetString() : "latestPatch";
        Assert.True(
            rollForward is "feature" or "latestFeature" or "minor" or "latestMinor" or "major" or "latestMajor",
            $"global.json rollForward '{rollForward}' pins the SDK's feature band, but the sdk:{channel} image carries the newest one");

        var targetFramework = XDocument.Load(RepoPaths.Full("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        Assert.Equal($"net{channel}", targetFramework);
    }

    [Theory]
    [MemberData(nameof(BuiltServices))]
    public void The_runtime_image_runs_as_a_non_root_user_with_its_ports_and_a_healthcheck(string service)
    {
        var (_, dockerfile) = Load(service);
        var final = dockerfile.Final;

        var user = final.All("USER").LastOrDefault()?.Words.SingleOrDefault();
        Assert.True(user is not null, $"{service}: the final stage sets no USER, so the process runs as root");
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });

        var healthcheck = final.All("HEALTHCHECK").LastOrDefault();
        Assert.True(healthcheck is not null && healthcheck.Words is ["CMD", _, ..], $"{service}: the final stage has no HEALTHCHECK CMD");

        var exposed = final.All("EXPOSE").SelectMany(e => e.Words).Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var listening = ServicePorts.Listening(ComposeStack.Service(service));
        Assert.True(listening.IsSubsetOf(exposed), $"{service} listens on {string.Join(", ", listening)} in compose but the image exposes {string.Join(", ", exposed)}");

        Assert.Single(final.All("ENTRYPOINT"));
    }

    internal static (string Context, Dockerfile Dockerfile) Load(string service)
    {
        var build = ComposeStack.Service(service).Build!;
        var context = ComposeStack.File.HostPath(build.Context);
        return (context, Dockerfile.Load(Path.Combine(context, build.Dockerfile)));
    }

    /// <summary>The installed path of a file COPY puts into the image from the build context, or null.</summary>
    internal static string? InstalledAs(Dockerfile dockerfile, string contextPath) =>
        dockerfile.Final.ContextCopies
            .Where(c => DockerStage.Sources(c).Select(Clean).Contains(contextPath))
            .Select(DockerStage.Destination)
            .LastOrDefault();

    private static DockerInstruction? Run(DockerStage stage, string verb) =>
        stage.All("RUN").FirstOrDefault(r => r.Words.Count > 2 && r.Words[0] == "dotnet" && r.Words[1] == verb);

    private static string? ConfigurationOf(DockerInstruction run)
    {
        var words = run.Words.ToList();
        var flag = words.FindIndex(w => w is "-c" or "--configuration");
        return flag >= 0 && flag + 1 < words.Count ? words[flag + 1] : null;
    }

    /// <summary>Where COPY puts one source, relative to the stage's WORKDIR.</summary>
    private static string CopiedTo(DockerInstruction copy, string source, string context)
    {
        var destination = DockerStage.Destination(copy);
        var intoDirectory = destination.EndsWith('/') || DockerStage.Sources(copy).Count > 1;
        var isDirectory = Directory.Exists(Path.Combine(context, source));
        return intoDirectory && !isDirectory ? destination.TrimEnd('/') + "/" + Path.GetFileName(source) : destination;
    }

    /// <summary>The project and every project it references, transitively.</summary>
    private static IReadOnlyList<string> ProjectClosure(string project)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (seen.Contains(next))
            {
                continue;
            }

            seen.Add(next);
            foreach (var reference in XDocument.Load(next).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
            }
        }

        return seen;
    }

    private static string Clean(string path)
    {
        path = path.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path is "." ? "" : path.TrimEnd('/');
    }
}
