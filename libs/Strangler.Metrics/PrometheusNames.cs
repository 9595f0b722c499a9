using System.Text;

namespace Strangler.Metrics;

/// <summary>
/// Maps System.Diagnostics.Metrics names and units to Prometheus conventions:
/// "strangler.gateway.request.duration" with unit "s" becomes strangler_gateway_request_duration_seconds,
/// counters end in _total, annotation units such as "{request}" add nothing.
/// </summary>
public static class PrometheusNames
{
    public static string Metric(string name, string? unit, bool counter)
    {
        var baseName = Sanitize(name);
        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            "%" => "_percent",
            "1" => "_ratio",
            _ => string.Empty,
        };
        if (suffix.Length > 0 && !baseName.EndsWith(suffix, StringComparison.Ordinal))
        {
            baseName += suffix;
        }

        return counter && !baseName.EndsWith("_total", StringComparison.Ordinal) ? baseName + "_total" : baseName;
    }

    /// <summary>Letters, digits and underscores; a leading digit gets an underscore before it.</summary>
    public static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        return text.ToString();
    }

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
