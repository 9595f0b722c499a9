using System.Globalization;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// Durations as ops write them: a sequence of number+unit pairs, units ms, s, m, h, d
/// (e.g. "500ms", "30s", "1h30m", "7d"). Whole numbers only, to keep the format unambiguous.
/// </summary>
internal static class Duration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        var total = TimeSpan.Zero;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            if (digits == 0 || !long.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            span = span[digits..];
            var unitLength = span.StartsWith("ms") ? 2 : 1;
            if (span.IsEmpty)
            {
                return false;
            }

            TimeSpan unit;
            switch (span[..unitLength])
            {
                case "ms": unit = TimeSpan.FromMilliseconds(1); break;
                case "s": unit = TimeSpan.FromSeconds(1); break;
                case "m": unit = TimeSpan.FromMinutes(1); break;
                case "h": unit = TimeSpan.FromHours(1); break;
                case "d": unit = TimeSpan.FromDays(1); break;
                default: return false;
            }

            try
            {
                total = checked(total + (unit * amount));
            }
            catch (OverflowException)
            {
                return false;
            }

            span = span[unitLength..];
        }

        value = total;
        return true;
    }

    /// <summary>Compact text for a duration, the inverse of <see cref="TryParse"/> for whole units.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new List<string>();
        if (value.Days > 0)
        {
            parts.Add($"{value.Days}d");
        }

        if (value.Hours > 0)
        {
            parts.Add($"{value.Hours}h");
        }

        if (value.Minutes > 0)
        {
            parts.Add($"{value.Minutes}m");
        }

        if (value.Seconds > 0)
        {
            parts.Add($"{value.Seconds}s");
        }

        if (value.Milliseconds > 0)
        {
            parts.Add($"{value.Milliseconds}ms");
        }

        return string.Concat(parts);
    }
}
