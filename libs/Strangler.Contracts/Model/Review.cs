namespace Strangler.Contracts.Model;

/// <summary>A review of a restaurant by a user.</summary>
public sealed record Review(
    int Id,
    int RestaurantId,
    int UserId,
    int Rating,
    string? Title,
    string Content,
    DateTimeOffset CreatedAt);
