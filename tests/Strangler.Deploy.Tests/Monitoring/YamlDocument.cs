using YamlDotNet.RepresentationModel;

namespace Strangler.Deploy.Tests.Monitoring;

/// <summary>Small navigation helpers over a YAML file (Prometheus and Grafana configuration).</summary>
internal static class YamlDocument
{
    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static YamlNode? Get(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Text(this YamlMappingNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlMappingNode> Maps(this YamlMappingNode node, string key) =>
        (node.Get(key) as YamlSequenceNode)?.Children.Cast<YamlMappingNode>() ?? [];

    public static IEnumerable<string> Texts(this YamlMappingNode node, string key) =>
        (node.Get(key) as YamlSequenceNode)?.Children.Cast<YamlScalarNode>().Select(s => s.Value!) ?? [];
}
