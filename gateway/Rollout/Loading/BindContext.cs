using System.Collections.Immutable;
using System.Globalization;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// Collects every error and warning while binding, and offers typed reads that report wrong types
/// instead of stopping. Paths are JSONPath-like: <c>$.features.api_v4_reviews.percentage</c>.
/// </summary>
/// <param name="inForce">The features of the revision in force, whose bound values a feature with the same text reuses.</param>
internal sealed class BindContext(string file, LineMap lines, IReadOnlyDictionary<string, FeatureConfig>? inForce = null)
{
    private readonly ImmutableArray<RolloutError>.Builder _errors = ImmutableArray.CreateBuilder<RolloutError>();
    private readonly ImmutableArray<RolloutError>.Builder _warnings = ImmutableArray.CreateBuilder<RolloutError>();

    public string File { get; } = file;

    public IReadOnlyDictionary<string, FeatureConfig>? InForce { get; } = inForce;

    public ImmutableArray<RolloutError> Errors => _errors.ToImmutable();

    public ImmutableArray<RolloutError> Warnings => _warnings.ToImmutable();

    public bool HasErrors => _errors.Count > 0;

    public void Error(int offset, string path, string message) => _errors.Add(Make(offset, path, message, RolloutErrorSeverity.Error));

    public void Error(JsonNode node, string path, string message) => Error(node.Start, path, message);

    public void Warning(JsonNode node, string path, string message) =>
        _warnings.Add(Make(node.Start, path, message, RolloutErrorSeverity.Warning));

    private RolloutError Make(int offset, string path, string message, RolloutErrorSeverity severity)
    {
        var (line, column) = lines.Position(offset);
        return new RolloutError(File, line, column, path, message, severity);
    }

    /// <summary>
    /// Returns the object's properties by name after reporting duplicates and names not in
    /// <paramref name="allowed"/>. Null (and an error) when the node is not an object.
    /// </summary>
    public Dictionary<string, JsonPropertyNode>? Object(JsonNode node, string path, IReadOnlyCollection<string> allowed)
    {
        if (node is not JsonObjectNode obj)
        {
            Error(node, path, $"must be an object (got {node.KindName})");
            return null;
        }

        var properties = new Dictionary<string, JsonPropertyNode>(StringComparer.Ordinal);
        foreach (var property in obj.Properties)
        {
            var propertyPath = Child(path, property.Name);
            if (!allowed.Contains(property.Name))
            {
                Error(property.NameStart, propertyPath, $"unknown property '{property.Name}'; expected one of: {string.Join(", ", allowed)}");
            }
            else if (!properties.TryAdd(property.Name, property))
            {
                Error(property.NameStart, propertyPath, $"duplicate property '{property.Name}'");
            }
        }

        return properties;
    }

    public string? String(JsonNode node, string path)
    {
        if (node is JsonStringNode s)
        {
            return s.Value;
        }

        Error(node, path, $"must be a string (got {node.KindName})");
        return null;
    }

    public bool? Bool(JsonNode node, string path)
    {
        if (node is JsonBoolNode b)
        {
            return b.Value;
        }

        Error(node, path, $"must be true or false (got {node.KindName})");
        return null;
    }

    public decimal? Number(JsonNode node, string path)
    {
        if (node is JsonNumberNode n && decimal.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(node, path, node is JsonNumberNode ? "is not a representable number" : $"must be a number (got {node.KindName})");
        return null;
    }

    public int? Integer(JsonNode node, string path, int min, int max)
    {
        var value = Number(node, path);
        if (value is null)
        {
            return null;
        }

        if (value != decimal.Truncate(value.Value) || value < min || value > max)
        {
            Error(node, path, $"must be a whole number between {min} and {max} (got {Text(node)})");
            return null;
        }

        return (int)value.Value;
    }

    public ImmutableArray<JsonNode>? Array(JsonNode node, string path)
    {
        if (node is JsonArrayNode a)
        {
            return a.Items;
        }

        Error(node, path, $"must be an array (got {node.KindName})");
        return null;
    }

    public static string Child(string path, string name) =>
        IsPlainName(name) ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string path, int index) => $"{path}[{index}]";

    public static string Text(JsonNode node) => node switch
    {
        JsonNumberNode n => n.Text,
        JsonStringNode s => $"\"{s.Value}\"",
        _ => node.KindName,
    };

    private static bool IsPlainName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
