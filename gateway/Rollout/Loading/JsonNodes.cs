using System.Collections.Immutable;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// A minimal JSON tree that remembers where each value starts and ends in the file (byte offsets),
/// so validation errors can name a line and column and a feature's own text can be hashed.
/// </summary>
internal abstract record JsonNode(int Start, int End)
{
    public abstract string KindName { get; }
}

internal sealed record JsonObjectNode(int Start, int End, ImmutableArray<JsonPropertyNode> Properties) : JsonNode(Start, End)
{
    public override string KindName => "an object";
}

/// <param name="NameStart">Offset of the property name's opening quote.</param>
internal sealed record JsonPropertyNode(string Name, int NameStart, JsonNode Value);

internal sealed record JsonArrayNode(int Start, int End, ImmutableArray<JsonNode> Items) : JsonNode(Start, End)
{
    public override string KindName => "an array";
}

internal sealed record JsonStringNode(int Start, int End, string Value) : JsonNode(Start, End)
{
    public override string KindName => "a string";
}

/// <param name="Text">The number exactly as written, for precise decimal parsing.</param>
internal sealed record JsonNumberNode(int Start, int End, string Text) : JsonNode(Start, End)
{
    public override string KindName => "a number";
}

internal sealed record JsonBoolNode(int Start, int End, bool Value) : JsonNode(Start, End)
{
    public override string KindName => Value ? "true" : "false";
}

internal sealed record JsonNullNode(int Start, int End) : JsonNode(Start, End)
{
    public override string KindName => "null";
}
