using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Strangler.Deploy.Tests.Compose;

/// <summary>
/// Reads docker-compose.yml with YamlDotNet into <see cref="ComposeFile"/>: the short and long
/// syntaxes of volumes, ports, depends_on, healthcheck tests and secrets, with variables
/// interpolated from the given values (as <c>docker compose</c> does from the environment and .env).
/// </summary>
internal sealed class ComposeFileReader
{
    private readonly IReadOnlyDictionary<string, string> _variables;
    private readonly List<string> _errors = [];

    private ComposeFileReader(IReadOnlyDictionary<string, string> variables) => _variables = variables;

    public static ComposeFile Read(string path, IReadOnlyDictionary<string, string> variables)
    {
        var stream = new YamlStream();
        using (var text = File.OpenText(path))
        {
            stream.Load(text);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return new ComposeFileReader(variables).ReadFile(Path.GetDirectoryName(Path.GetFullPath(path))!, root);
    }

    private ComposeFile ReadFile(string directory, YamlMappingNode root)
    {
        var services = Child<YamlMappingNode>(root, "services")?.Children
            .ToDictionary(e => Key(e.Key), e => ReadService(Key(e.Key), (YamlMappingNode)e.Value), StringComparer.Ordinal)
            ?? [];
        var volumes = Child<YamlMappingNode>(root, "volumes")?.Children.Keys.Select(Key).ToHashSet(StringComparer.Ordinal) ?? [];
        var secrets = Child<YamlMappingNode>(root, "secrets")?.Children
            .ToDictionary(e => Key(e.Key), e => ReadSecret(Key(e.Key), (YamlMappingNode)e.Value), StringComparer.Ordinal)
            ?? [];
        return new ComposeFile(directory, services, volumes, secrets, [.. _errors.Distinct(StringComparer.Ordinal)]);
    }

    private ComposeService ReadService(string name, YamlMappingNode node)
    {
        var rawEnvironment = ReadEnvironment(node);
        return new ComposeService(
            name,
            Scalar(node, "image"),
            ReadBuild(node),
            rawEnvironment.ToDictionary(e => e.Key, e => Interpolate(e.Value), StringComparer.Ordinal),
            rawEnvironment,
            ReadCommand(Child<YamlNode>(node, "command")),
            Items(node, "volumes").Select(ReadMount).ToArray(),
            Items(node, "ports").Select(ReadPort).ToArray(),
            ReadHealthcheck(Child<YamlMappingNode>(node, "healthcheck")),
            ReadDependsOn(Child<YamlNode>(node, "depends_on")),
            Items(node, "secrets").Select(ReadSecretMount).ToArray());
    }

    private ComposeBuild? ReadBuild(YamlMappingNode service) => Child<YamlNode>(service, "build") switch
    {
        null => null,
        YamlScalarNode context => new ComposeBuild(Value(context), "Dockerfile"),
        YamlMappingNode build => new ComposeBuild(Scalar(build, "context") ?? ".", Scalar(build, "dockerfile") ?? "Dockerfile"),
        var other => throw new FormatException($"unexpected build: {other}"),
    };

    private static Dictionary<string, string> ReadEnvironment(YamlMappingNode service)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (Child<YamlNode>(service, "environment"))
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    environment[Key(key)] = ((YamlScalarNode)value).Value ?? "";
                }

                break;
            case YamlSequenceNode list:
                foreach (var item in list.Children.Cast<YamlScalarNode>())
                {
                    var parts = item.Value!.Split('=', 2);
                    environment[parts[0]] = parts.Length > 1 ? parts[1] : "";
                }

                break;
        }

        return environment;
    }

    private IReadOnlyList<string> ReadCommand(YamlNode? node) => node switch
    {
        null => [],
        YamlSequenceNode list => [.. list.Children.Select(Value)],
        var scalar => Value(scalar).Split(' ', StringSplitOptions.RemoveEmptyEntries),
    };

    private ComposeMount ReadMount(YamlNode node)
    {
        if (node is YamlMappingNode mount)
        {
            return new ComposeMount(
                Scalar(mount, "type") ?? "volume",
                Scalar(mount, "source") ?? "",
                Scalar(mount, "target")!,
                Scalar(mount, "read_only") is "true");
        }

        // SOURCE:TARGET[:MODE]; a source that looks like a path is a bind mount, else a named volume.
        var parts = Value(node).Split(':');
        var source = parts[0];
        var type = source.StartsWith('.') || source.StartsWith('/') || source.StartsWith('~') ? "bind" : "volume";
        return new ComposeMount(type, source, parts[1], parts.Length > 2 && parts[2].Split(',').Contains("ro"));
    }

    private ComposePort ReadPort(YamlNode node)
    {
        if (node is YamlMappingNode port)
        {
            return new ComposePort(Scalar(port, "host_ip"), Scalar(port, "published"), int.Parse(Scalar(port, "target")!, CultureInfo.InvariantCulture));
        }

        // [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]
        var parts = Value(node).Split('/')[0].Split(':');
        var container = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        return parts.Length switch
        {
            1 => new ComposePort(null, null, container),
            2 => new ComposePort(null, parts[0], container),
            _ => new ComposePort(string.Join(':', parts[..^2]), parts[^2], container),
        };
    }

    private ComposeHealthcheck? ReadHealthcheck(YamlMappingNode? node)
    {
        if (node is null)
        {
            return null;
        }

        IReadOnlyList<string> test = Child<YamlNode>(node, "test") switch
        {
            YamlSequenceNode list => [.. list.Children.Select(Value)],
            YamlScalarNode shell => ["CMD-SHELL", Value(shell)],
            _ => [],
        };
        return new ComposeHealthcheck(test, Scalar(node, "disable") is "true" || test is ["NONE", ..]);
    }

    private Dictionary<string, string> ReadDependsOn(YamlNode? node) => node switch
    {
        null => [],
        YamlSequenceNode list => list.Children.ToDictionary(Value, _ => "service_started", StringComparer.Ordinal),
        YamlMappingNode map => map.Children.ToDictionary(
            e => Key(e.Key),
            e => Scalar((YamlMappingNode)e.Value, "condition") ?? "service_started",
            StringComparer.Ordinal),
        _ => throw new FormatException($"unexpected depends_on: {node}"),
    };

    private ComposeSecretMount ReadSecretMount(YamlNode node)
    {
        if (node is YamlMappingNode secret)
        {
            var source = Scalar(secret, "source")!;
            return new ComposeSecretMount(source, Scalar(secret, "target") ?? source, Scalar(secret, "mode") is { } mode ? ParseMode(mode) : null);
        }

        return new ComposeSecretMount(Value(node), Value(node), null);
    }

    private ComposeSecret ReadSecret(string name, YamlMappingNode node) =>
        new(name, Scalar(node, "file"), Scalar(node, "environment"));

    /// <summary>File modes are octal, as in compose: 0444 or 0o444.</summary>
    private static int ParseMode(string mode) =>
        mode.StartsWith("0o", StringComparison.OrdinalIgnoreCase) ? Convert.ToInt32(mode[2..], 8)
        : mode.Length > 1 && mode[0] == '0' ? Convert.ToInt32(mode, 8)
        : int.Parse(mode, CultureInfo.InvariantCulture);

    private string Interpolate(string text) => ComposeInterpolation.Interpolate(text, _variables, _errors);

    private string Value(YamlNode node) => Interpolate(((YamlScalarNode)node).Value ?? "");

    private string? Scalar(YamlMappingNode node, string key) => Child<YamlScalarNode>(node, key) is { } scalar ? Value(scalar) : null;

    private static IEnumerable<YamlNode> Items(YamlMappingNode node, string key) =>
        Child<YamlSequenceNode>(node, key)?.Children ?? Enumerable.Empty<YamlNode>();

    private static T? Child<T>(YamlMappingNode node, string key)
        where T : YamlNode =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (T)child : null;

    private static string Key(YamlNode node) => ((YamlScalarNode)node).Value!;
}
