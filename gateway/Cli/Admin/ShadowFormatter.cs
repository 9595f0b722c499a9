using System.Globalization;
using System.Text;
using System.Text.Json;
using static Strangler.Gateway.Cli.Admin.JsonFields;

namespace Strangler.Gateway.Cli.Admin;

/// <summary>
/// The terminal rendering of <c>gateway diffs</c>: a feature's shadow summary from
/// <c>/admin/status</c>, then its recent samples from <c>/admin/shadow</c>.
/// </summary>
internal static class ShadowFormatter
{
    /// <param name="feature">The feature's object from <c>/admin/status</c> (its <c>features[]</c> entry).</param>
    /// <param name="samples">The <c>/admin/shadow</c> answer.</param>
    public static string Diffs(JsonElement feature, JsonElement samples)
    {
        var text = new StringBuilder();
        var name = Str(samples, "feature");
        if (feature.TryGetProperty("shadow", out var shadow) && shadow.ValueKind == JsonValueKind.Object)
        {
            Summary(text, name, shadow);
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{name}: /admin/status has no shadow summary for this feature (no shadow configuration in force)");
        }

        Samples(text, samples.GetProperty("samples"));
        return text.ToString();
    }

    private static void Summary(StringBuilder text, string name, JsonElement shadow)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"{name}: shadowing {Num(shadow, "sample_percent")} % of v3's reads, since {Str(shadow, "since")}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  comparisons {Num(shadow, "comparisons")}: {Num(shadow, "matches")} match, {Num(shadow, "diffs")} diff, {Num(shadow, "noise")} noise only (not compared: {Num(shadow, "v4_errors")} v4 errors, {Num(shadow, "skipped")} skipped)");
        var rate = IsNumber(shadow, "diff_rate_percent")
            ? $"{Num(shadow, "diff_rate_percent")} % (upper bound {Num(shadow, "diff_rate_upper_percent")} %)"
            : "- (no comparisons yet)";
        var limit = IsNumber(shadow, "max_diff_percent")
            ? $"limit {Num(shadow, "max_diff_percent")} % over at least {Num(shadow, "min_comparisons")} comparisons"
            : "no limit (max_diff_percent not set)";
        text.AppendLine(CultureInfo.InvariantCulture, $"  diff rate {rate}, {limit}");
        var parity = Str(shadow, "parity");
        var reason = Str(shadow, "parity_reason");
        text.AppendLine(CultureInfo.InvariantCulture, $"  parity {parity}{(reason == "-" ? string.Empty : ": " + reason)}");

        var top = Items(shadow, "top_paths");
        if (top.Count > 0)
        {
            text.AppendLine("  top differing paths:");
            var width = top.Max(p => Str(p, "path").Length) + 2;
            foreach (var path in top)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {Str(path, "path").PadRight(width)}{Num(path, "count")}");
            }
        }

        var noise = Items(shadow, "noise_paths");
        if (noise.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  noise paths (differ between two v3 answers, not counted as differences): {string.Join(", ", noise.Select(p => p.GetString()))}");
        }
    }

    private static void Samples(StringBuilder text, JsonElement samples)
    {
        if (samples.GetArrayLength() == 0)
        {
            text.AppendLine("no recent samples");
            return;
        }

        text.AppendLine("recent samples (newest first):");
        foreach (var sample in samples.EnumerateArray())
        {
            var total = sample.TryGetProperty("total_differences", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : 0;
            var count = total > 0 ? $" ({total} difference{(total == 1 ? string.Empty : "s")})" : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{Str(sample, "at")} {Str(sample, "method")} {Str(sample, "path")}  v3 {Str(sample, "v3_status")}, v4 {Str(sample, "v4_status")}  {Str(sample, "result")}{count}");
            var differences = Items(sample, "differences");
            foreach (var difference in differences)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {Str(difference, "path")}: v3 {Value(difference, "v3")}, v4 {Value(difference, "v4")}");
            }

            if (total > differences.Count)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  ... and {total - differences.Count} more");
            }

            var noise = Items(sample, "noise");
            if (noise.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  noise: {string.Join(", ", noise.Select(p => p.GetString()))}");
            }
        }
    }

    /// <summary>One side of a difference as the gateway rendered it; "(absent)" when that side has no value there.</summary>
    private static string Value(JsonElement difference, string side) =>
        !difference.TryGetProperty(side, out var value) ? "(absent)"
        : value.ValueKind == JsonValueKind.String ? value.GetString()!
        : value.GetRawText();

    private static bool IsNumber(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number;

    private static List<JsonElement> Items(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];
}
