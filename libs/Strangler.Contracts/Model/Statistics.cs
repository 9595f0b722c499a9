namespace Strangler.Contracts.Model;

/// <summary>Directory-wide figures.</summary>
/// <param name="AverageRating">Mean of all review ratings, rounded to two decimals; null without reviews.</param>
public sealed record Statistics(
    int TotalRestaurants,
    int TotalReviews,
    int TotalUsers,
    double? AverageRating,
    IReadOnlyDictionary<string, int> RestaurantsByKosherCategory,
    IReadOnlyDictionary<string, int> RestaurantsByCity);
