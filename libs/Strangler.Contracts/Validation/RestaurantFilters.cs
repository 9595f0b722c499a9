using Strangler.Contracts.Model;

namespace Strangler.Contracts.Validation;

/// <summary>
/// Filters of GET /api/restaurants: city (exact, case-insensitive), kosher_category (meat, dairy,
/// pareve) and search (case-insensitive substring of name or description, taken literally); case
/// is ignored as <see cref="CaseFolding"/> says.
/// </summary>
public sealed record RestaurantFilters(string? City, string? KosherCategory, string? Search)
{
    public const int MaxLength = 100;

    public static RestaurantFilters Parse(Func<string, string?> query, FieldErrors errors) => new(
        Text(query("city"), "city", errors),
        Category(query("kosher_category"), errors),
        Text(query("search"), "search", errors));

    private static string? Text(string? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        value = value.Trim();
        if (value.Length == 0 || value.Length > MaxLength)
        {
            errors.Add(field, $"must be 1 to {MaxLength} characters");
            return null;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(field, InputValidators.NoNul);
            return null;
        }

        return value;
    }

    private static string? Category(string? value, FieldErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        var normalized = value.Trim().ToLowerInvariant();
        if (!KosherCategories.All.Contains(normalized))
        {
            errors.Add("kosher_category", $"must be one of {string.Join(", ", KosherCategories.All)} (got '{ListQuery.Truncate(value)}')");
            return null;
        }

        return normalized;
    }
}
