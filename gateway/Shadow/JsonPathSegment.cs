using System.Text.Json;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// One step of a concrete path as the comparer walks a body: an object member or an array index.
/// A member taken from a parsed document keeps its <see cref="JsonProperty"/> and compares names
/// against it without materialising a string; the name is read only when a difference is reported.
/// </summary>
internal readonly struct JsonPathSegment
{
    private readonly string? _name;
    private readonly JsonProperty _property;
    private readonly bool _fromDocument;

    private JsonPathSegment(string? name, JsonProperty property, bool fromDocument, int index)
    {
        _name = name;
        _property = property;
        _fromDocument = fromDocument;
        Index = index;
    }

    /// <summary>The array index, or -1 for an object member.</summary>
    public int Index { get; }

    public bool IsIndex => Index >= 0;

    /// <summary>The member's name (allocates for a member of a document); throws for an index.</summary>
    public string Name => IsIndex
        ? throw new InvalidOperationException("an array index has no name")
        : _fromDocument ? _property.Name : _name!;

    public static JsonPathSegment Member(string name) => new(name, default, fromDocument: false, -1);

    public static JsonPathSegment Member(JsonProperty property) => new(null, property, fromDocument: true, -1);

    public static JsonPathSegment Element(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new JsonPathSegment(null, default, fromDocument: false, index);
    }

    /// <summary>True when this is an object member called <paramref name="name"/> (after unescaping).</summary>
    public bool NameEquals(string name) =>
        !IsIndex && (_fromDocument ? _property.NameEquals(name) : string.Equals(_name, name, StringComparison.Ordinal));

    public override string ToString() => IsIndex ? $"[{Index}]" : Name;
}
