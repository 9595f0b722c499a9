using System.Globalization;
using System.Text.RegularExpressions;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>Reads series values out of a Prometheus text exposition.</summary>
internal static partial class Exposition
{
    /// <summary>The value of the series with exactly these labels (as written, sorted; null for none), or null when absent.</summary>
    public static double? Find(string text, string name, string? labels) =>
        Series(text).Where(s => s.Name == name && s.Labels == (labels ?? string.Empty)).Select(s => (double?)s.Value).SingleOrDefault();

    /// <summary>The value of a series that must be there.</summary>
    public static double Value(string text, string name, string? labels) =>
        Find(text, name, labels) ?? throw new Xunit.Sdk.XunitException($"no series {name}{{{labels}}} in:\n{text}");

    /// <summary>The sum over every series of the name.</summary>
    public static double Sum(string text, string name) => Series(text).Where(s => s.Name == name).Sum(s => s.Value);

    public static IEnumerable<(string Name, string Labels, double Value)> Series(string text) =>
        SeriesLine().Matches(text).Select(m => (
            m.Groups["name"].Value,
            m.Groups["labels"].Value,
            double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();
}
