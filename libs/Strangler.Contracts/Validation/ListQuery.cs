using System.Globalization;

namespace Strangler.Contracts.Validation;

/// <summary>
/// Paging of every list: limit 1..100 (default 20), offset any integer from 0 (default 0) up to
/// 2^63 - 1; an offset beyond the end gives an empty page.
/// </summary>
public readonly record struct ListQuery(int Limit, long Offset)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>The offset for an in-memory list (none holds more than int.MaxValue items).</summary>
    public int Skip => (int)Math.Min(Offset, int.MaxValue);

    /// <param name="query">Reads one query-string value (null when absent).</param>
    public static ListQuery Parse(Func<string, string?> query, FieldErrors errors)
    {
        var limit = Integer(query("limit"), "limit", DefaultLimit, 1, MaxLimit, errors);
        var offset = ParseOffset(query("offset"), errors);
        return new ListQuery(limit, offset);
    }

    /// <summary>An optional integer query parameter within bounds; adds an error and returns the default otherwise.</summary>
    public static int Integer(string? text, string field, int fallback, int min, int max, FieldErrors errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add(field, $"must be an integer between {min} and {max} (got '{Truncate(text)}')");
            return fallback;
        }

        return value;
    }

    private static long ParseOffset(string? text, FieldErrors errors)
    {
        if (text is null)
        {
            return 0;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            errors.Add("offset", $"must be an integer between 0 and {long.MaxValue} (got '{Truncate(text)}')");
            return 0;
        }

        return value;
    }

    internal static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
