namespace Strangler.Contracts.Model;

/// <summary>A restaurant as the public API returns it.</summary>
public sealed record Restaurant(
    int Id,
    string Name,
    string Address,
    string City,
    string KosherCategory,
    string? CertifyingAgency,
    string? Phone,
    string? Website,
    int PriceRange,
    double? Latitude,
    double? Longitude,
    string? Description,
    double? AverageRating,
    int ReviewCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
