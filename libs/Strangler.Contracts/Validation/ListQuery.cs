using System.Globalization;

namespace Strangler.Contracts.Validation;

/// <summary>Paging of every list: limit 1..100 (default 20), offset 0 or more (default 0).</summary>
public readonly record struct ListQuery(int Limit, int Offset)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxOffset = 1_000_000;

    /// <param name="query">Reads one query-string value (null when absent).</param>
    public static ListQuery Parse(Func<string, string?> query, FieldErrors errors)
    {
        var limit = Integer(query("limit"), "limit", DefaultLimit, 1, MaxLimit, errors);
        var offset = Integer(query("offset"), "offset", 0, 0, MaxOffset, errors);
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

    internal static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
