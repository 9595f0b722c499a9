using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Walks two parsed JSON bodies side by side: objects by member name (order-insensitive), arrays
/// element by element, numbers by value, strings, booleans and null by value. A node whose path an
/// ignore pattern matches is skipped with everything below it. One instance per comparison.
/// </summary>
internal sealed class StructuralComparison(ImmutableArray<JsonPathPattern> ignore, DifferenceCollector differences)
{
    private JsonPathSegment[] _path = new JsonPathSegment[16];
    private int _depth;

    public void Compare(JsonElement v3, JsonElement v4)
    {
        if (!IsIgnored())
        {
            Node(v3, v4);
        }
    }

    private void Node(JsonElement v3, JsonElement v4)
    {
        if (v3.ValueKind != v4.ValueKind)
        {
            Report(v3, v4);
            return;
        }

        switch (v3.ValueKind)
        {
            case JsonValueKind.Object:
                Objects(v3, v4);
                break;
            case JsonValueKind.Array:
                Arrays(v3, v4);
                break;
            case JsonValueKind.String when !StringsEqual(v3, v4):
            case JsonValueKind.Number when !NumbersEqual(v3, v4):
                Report(v3, v4);
                break;
        }
    }

    private void Objects(JsonElement v3, JsonElement v4)
    {
        if (!SameNamesInOrder(v3, v4))
        {
            ObjectsByName(v3, v4);
            return;
        }

        // The usual case (both sides serialise the same model): members pair up in order.
        var left = v3.EnumerateObject();
        var right = v4.EnumerateObject();
        while (left.MoveNext() && right.MoveNext())
        {
            Child(JsonPathSegment.Member(left.Current), left.Current.Value, right.Current.Value);
        }
    }

    private void ObjectsByName(JsonElement v3, JsonElement v4)
    {
        // A repeated name counts once, its first occurrence, on both sides.
        var right = new Dictionary<string, JsonProperty>(StringComparer.Ordinal);
        foreach (var member in v4.EnumerateObject())
        {
            right.TryAdd(member.Name, member);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in v3.EnumerateObject())
        {
            var name = member.Name;
            if (!seen.Add(name))
            {
                continue;
            }

            if (right.TryGetValue(name, out var other))
            {
                Child(JsonPathSegment.Member(member), member.Value, other.Value);
            }
            else
            {
                OneSided(JsonPathSegment.Member(member), member.Value, null);
            }
        }

        foreach (var member in v4.EnumerateObject())
        {
            if (seen.Add(member.Name))
            {
                OneSided(JsonPathSegment.Member(member), null, member.Value);
            }
        }
    }

    private void Arrays(JsonElement v3, JsonElement v4)
    {
        var left = v3.EnumerateArray();
        var right = v4.EnumerateArray();
        var index = 0;
        bool hasLeft, hasRight;
        while ((hasLeft = left.MoveNext()) & (hasRight = right.MoveNext()))
        {
            Child(JsonPathSegment.Element(index++), left.Current, right.Current);
        }

        // Elements one side has beyond the other's end: each a difference at its index.
        for (; hasLeft; hasLeft = left.MoveNext())
        {
            OneSided(JsonPathSegment.Element(index++), left.Current, null);
        }

        for (; hasRight; hasRight = right.MoveNext())
        {
            OneSided(JsonPathSegment.Element(index++), null, right.Current);
        }
    }

    private void Child(JsonPathSegment segment, JsonElement v3, JsonElement v4)
    {
        Push(segment);
        if (!IsIgnored())
        {
            Node(v3, v4);
        }

        _depth--;
    }

    private void OneSided(JsonPathSegment segment, JsonElement? v3, JsonElement? v4)
    {
        Push(segment);
        if (!IsIgnored())
        {
            Report(v3, v4);
        }

        _depth--;
    }

    private void Report(JsonElement? v3, JsonElement? v4)
    {
        if (differences.IsFull)
        {
            differences.Count();
            return;
        }

        differences.Add(new Difference(
            JsonPaths.Format(_path.AsSpan(0, _depth)),
            v3 is { } left ? CompactJson.Format(left) : null,
            v4 is { } right ? CompactJson.Format(right) : null));
    }

    private bool IsIgnored()
    {
        if (ignore.IsEmpty)
        {
            return false;
        }

        var path = _path.AsSpan(0, _depth);
        foreach (var pattern in ignore)
        {
            if (pattern.Matches(path))
            {
                return true;
            }
        }

        return false;
    }

    private void Push(JsonPathSegment segment)
    {
        if (_depth == _path.Length)
        {
            Array.Resize(ref _path, _path.Length * 2);
        }

        _path[_depth++] = segment;
    }

    private static bool SameNamesInOrder(JsonElement v3, JsonElement v4)
    {
        var left = v3.EnumerateObject();
        var right = v4.EnumerateObject();
        while (true)
        {
            var hasLeft = left.MoveNext();
            if (hasLeft != right.MoveNext())
            {
                return false;
            }

            if (!hasLeft)
            {
                return true;
            }

            // Raw (escaped) names: a name escaped differently on one side goes the by-name way, which unescapes.
            if (!JsonMarshal.GetRawUtf8PropertyName(left.Current).SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(right.Current)))
            {
                return false;
            }
        }
    }

    private static bool StringsEqual(JsonElement v3, JsonElement v4)
    {
        var left = JsonMarshal.GetRawUtf8Value(v3);
        var right = JsonMarshal.GetRawUtf8Value(v4);
        if (left.SequenceEqual(right))
        {
            return true;
        }

        // Different bytes are different text unless an escape spells a character another way.
        return (left.Contains((byte)'\\') || right.Contains((byte)'\\'))
            && string.Equals(v3.GetString(), v4.GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// By value: 4.50 equals 4.5 and 1e2 equals 100. Decimal where both fit; but decimal parsing
    /// rounds (1e-30 reads as 0), so decimals that agree must agree as doubles too.
    /// </summary>
    private static bool NumbersEqual(JsonElement v3, JsonElement v4)
    {
        if (JsonMarshal.GetRawUtf8Value(v3).SequenceEqual(JsonMarshal.GetRawUtf8Value(v4)))
        {
            return true;
        }

        // Beyond double's range both read as infinity: such numbers are equal only as written (above).
        var bothDoubles = v3.TryGetDouble(out var leftDouble) & v4.TryGetDouble(out var rightDouble)
            && double.IsFinite(leftDouble) && double.IsFinite(rightDouble);
        if (v3.TryGetDecimal(out var leftDecimal) && v4.TryGetDecimal(out var rightDecimal))
        {
            return leftDecimal == rightDecimal && (!bothDoubles || leftDouble.Equals(rightDouble));
        }

        return bothDoubles && leftDouble.Equals(rightDouble);
    }
}
