using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Strangler.Contracts.Validation;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// Every cache key in one place (FusionCache adds the "v4:" prefix). Every entry's key carries its
/// area's <see cref="Generation"/>, so an entry is never stale for the generation it names.
/// </summary>
internal static class CacheKeys
{
    public const string Prefix = "v4:";

    public static string Restaurant(Generation generation, int id) => $"restaurants:g{generation}:id:{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Filters are keyed case-folded: the database compares them folded, so "ZÜRICH" and "zürich" share an entry.</summary>
    public static string RestaurantList(Generation generation, RestaurantFilters filters, ListQuery paging) =>
        $"restaurants:g{generation}:list:{Hash($"{Folded(filters.City)}\u001f{filters.KosherCategory}\u001f{Folded(filters.Search)}")}:{paging.Limit}:{paging.Offset}";

    public static string Review(Generation generation, int id) => $"reviews:g{generation}:id:{id.ToString(CultureInfo.InvariantCulture)}";

    public static string ReviewList(Generation generation, int? restaurantId, ListQuery paging) =>
        $"reviews:g{generation}:list:{restaurantId?.ToString(CultureInfo.InvariantCulture) ?? "all"}:{paging.Limit}:{paging.Offset}";

    public static string User(Generation generation, int id) => $"users:g{generation}:id:{id.ToString(CultureInfo.InvariantCulture)}";

    public static string UserList(Generation generation, ListQuery paging) => $"users:g{generation}:list:{paging.Limit}:{paging.Offset}";

    public static string Statistics(Generation generation) => $"statistics:g{generation}";

    public static string Generation(string area) => $"gen:{area}";

    private static string? Folded(string? text) => text is null ? null : CaseFolding.Fold(text);

    /// <summary>Short stable hash of free-form input (search text), so keys stay small and safe.</summary>
    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
}
