using System.Globalization;
using System.Text.Json;

namespace Strangler.Gateway.Cli.Admin;

/// <summary>Reads a management API answer's fields as terminal text: "-" for absent or null.</summary>
internal static class JsonFields
{
    public static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "-";

    /// <summary>A number with at most two decimals, invariant culture.</summary>
    public static string Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDecimal().ToString("0.##", CultureInfo.InvariantCulture)
            : Str(e, name);
}
