using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Strangler.Contracts.Json;

/// <summary>
/// Explains why a request body did not deserialize, in the body's own terms: the JSON path, the
/// property, the JSON type expected and the one sent (<c>$.percentage: must be a number (got a
/// string)</c>, <c>$.colour: unknown property; expected one of: name, city</c>). System.Text.Json's
/// own messages name .NET types instead (<c>System.Nullable`1[System.Decimal]</c>, the DTO's full
/// type name), which tell a client nothing and show it the server's internals.
/// </summary>
public static class JsonBodyProblems
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 64 };

    /// <param name="exception">What deserializing <paramref name="body"/> as <paramref name="type"/> threw.</param>
    public static string Describe(JsonException exception, ReadOnlySpan<byte> body, JsonTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(type);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), Strict);
        }
        catch (JsonException syntax)
        {
            return $"invalid JSON{Position(syntax)}: {WithoutSuffix(syntax.Message)}";
        }

        using (document)
        {
            var problem = Check(document.RootElement, type, "$");
            if (problem is null)
            {
                // The serializer refused something this walk does not model: say where, never what type.
                return $"{exception.Path ?? "$"}: does not match the expected shape{Position(exception)}";
            }

            return problem.Value.Path == exception.Path ? problem.Value.Message + Position(exception) : problem.Value.Message;
        }
    }

    private static (string Path, string Message)? Check(JsonElement element, JsonTypeInfo type, string path)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return Nullable(type.Type) ? null : (path, $"{path}: must be {Expected(type)} (got null)");
        }

        switch (type.Kind)
        {
            case JsonTypeInfoKind.Object:
                return element.ValueKind == JsonValueKind.Object ? CheckObject(element, type, path) : Mismatch(element, type, path);
            case JsonTypeInfoKind.Enumerable:
                if (element.ValueKind != JsonValueKind.Array)
                {
                    return Mismatch(element, type, path);
                }

                var itemType = type.Options.GetTypeInfo(type.ElementType!);
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Check(item, itemType, $"{path}[{index++}]") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonTypeInfoKind.Dictionary:
                return element.ValueKind == JsonValueKind.Object ? null : Mismatch(element, type, path);
            default:
                return Fits(element, Underlying(type.Type)) ? null : Mismatch(element, type, path);
        }
    }

    private static (string Path, string Message)? CheckObject(JsonElement element, JsonTypeInfo type, string path)
    {
        var disallowUnknown = (type.UnmappedMemberHandling ?? type.Options.UnmappedMemberHandling) == JsonUnmappedMemberHandling.Disallow;
        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = Child(path, property.Name);
            var info = type.Properties.FirstOrDefault(p => string.Equals(p.Name, property.Name,
                type.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
            if (info is null)
            {
                if (disallowUnknown)
                {
                    return (propertyPath, $"{propertyPath}: unknown property '{property.Name}'; expected one of: {string.Join(", ", type.Properties.Select(p => p.Name))}");
                }

                continue;
            }

            if (Check(property.Value, type.Options.GetTypeInfo(info.PropertyType), propertyPath) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static (string Path, string Message) Mismatch(JsonElement element, JsonTypeInfo type, string path)
    {
        var expected = Expected(type);
        if (element.ValueKind == JsonValueKind.Number && IntegerRange(Underlying(type.Type)) is var (min, max))
        {
            expected = decimal.TryParse(element.GetRawText(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && value == decimal.Truncate(value)
                    ? $"an integer between {min} and {max}"
                    : "a whole number";
        }

        return (path, $"{path}: must be {expected} (got {Got(element)})");
    }

    private static (long Min, long Max)? IntegerRange(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int32 => (int.MinValue, int.MaxValue),
        TypeCode.Int64 => (long.MinValue, long.MaxValue),
        TypeCode.Int16 => (short.MinValue, short.MaxValue),
        TypeCode.Byte => (byte.MinValue, byte.MaxValue),
        _ => null,
    };

    private static bool Fits(JsonElement element, Type type)
    {
        if (type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid) || type.IsEnum)
        {
            return element.ValueKind == JsonValueKind.String;
        }

        if (type == typeof(bool))
        {
            return element.ValueKind is JsonValueKind.True or JsonValueKind.False;
        }

        if (element.ValueKind != JsonValueKind.Number)
        {
            return !IsNumber(type);
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Int32 => element.TryGetInt32(out _),
            TypeCode.Int64 => element.TryGetInt64(out _),
            TypeCode.Int16 => element.TryGetInt16(out _),
            TypeCode.Byte => element.TryGetByte(out _),
            TypeCode.Decimal => element.TryGetDecimal(out _),
            TypeCode.Double => element.TryGetDouble(out _),
            TypeCode.Single => element.TryGetSingle(out _),
            _ => true,
        };
    }

    private static string Expected(JsonTypeInfo type)
    {
        var clr = Underlying(type.Type);
        return type.Kind switch
        {
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            JsonTypeInfoKind.Enumerable => "an array",
            _ when clr == typeof(bool) => "true or false",
            _ when IntegerRange(clr) is not null => "an integer",
            _ when IsNumber(clr) => "a number",
            _ => "a string",
        };
    }

    private static string Got(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    private static bool IsNumber(Type type) =>
        Type.GetTypeCode(type) is TypeCode.Int32 or TypeCode.Int64 or TypeCode.Int16 or TypeCode.Byte or TypeCode.Decimal or TypeCode.Double or TypeCode.Single;

    private static bool Nullable(Type type) => !type.IsValueType || System.Nullable.GetUnderlyingType(type) is not null;

    private static Type Underlying(Type type) => System.Nullable.GetUnderlyingType(type) ?? type;

    private static string Child(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? $"{path}.{name}"
            : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static string Position(JsonException e) =>
        e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : string.Empty;

    // The reader's syntax messages end with a position suffix reported separately.
    private static string WithoutSuffix(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return (cut > 0 ? message[..cut] : message).TrimEnd(' ', '|', '.');
    }
}
