using System.Globalization;

namespace Strangler.Gateway.Reporting;

/// <summary>Durations as the report writes them: "2d 3h", "12m 5s", "40s".</summary>
internal static class Durations
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1 ? Invariant($"{(int)span.TotalDays}d {span.Hours}h")
            : span.TotalHours >= 1 ? Invariant($"{(int)span.TotalHours}h {span.Minutes}m")
            : span.TotalMinutes >= 1 ? Invariant($"{(int)span.TotalMinutes}m {span.Seconds}s")
            : Invariant($"{(int)span.TotalSeconds}s");
    }

    /// <summary>
    /// Reads a look-back: a positive whole number with a unit (s, m, h, d, w), e.g. 7d or 90m.
    /// Returns null and an error saying what is accepted otherwise.
    /// </summary>
    public static TimeSpan? ParseLookBack(string text, out string? error)
    {
        error = null;
        var unit = text.Length > 1 ? text[^1] : '\0';
        if (long.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000)
        {
            TimeSpan? span = unit switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                'w' => TimeSpan.FromDays(7 * n),
                _ => null,
            };
            if (span is not null)
            {
                return span;
            }
        }

        error = $"since must be a positive whole number with a unit s, m, h, d or w, such as 7d, 12h or 30m (got '{text}')";
        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
