namespace Strangler.Contracts.Validation;

/// <summary>Filter of GET /api/reviews: restaurant_id (optional, positive).</summary>
public sealed record ReviewFilters(int? RestaurantId)
{
    public static ReviewFilters Parse(Func<string, string?> query, FieldErrors errors)
    {
        var text = query("restaurant_id");
        return text is null
            ? new ReviewFilters((int?)null)
            : new ReviewFilters(ListQuery.Integer(text, "restaurant_id", 0, 1, int.MaxValue, errors));
    }
}
