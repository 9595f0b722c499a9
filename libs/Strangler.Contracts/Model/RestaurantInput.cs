namespace Strangler.Contracts.Model;

/// <summary>Body of POST /api/restaurants and PUT /api/restaurants/{id}. Null means "not given".</summary>
public sealed record RestaurantInput(
    string? Name,
    string? Address,
    string? City,
    string? KosherCategory,
    string? CertifyingAgency,
    string? Phone,
    string? Website,
    int? PriceRange,
    double? Latitude,
    double? Longitude,
    string? Description);

/// <summary>Body of POST /api/reviews; the author is the token's subject.</summary>
public sealed record ReviewInput(int? RestaurantId, int? Rating, string? Title, string? Content);
