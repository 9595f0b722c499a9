using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Strangler.Contracts.Validation;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// Every cache key in one place. Every key carries its area's generation: a write bumps the
/// generation after the database commit, so everything cached for that area before the write
/// becomes unreachable at once (and expires by TTL) — including an entry a concurrent reader
/// loaded before the write and stores after it.
/// </summary>
internal static class CacheKeys
{
    public const string Prefix = "v4:";

    public static string Restaurant(long generation, int id) => $"{Prefix}restaurants:g{generation}:id:{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Filters are keyed case-folded: the database compares them folded, so "ZÜRICH" and "zürich" share an entry.</summary>
    public static string RestaurantList(long generation, RestaurantFilters filters, ListQuery paging) =>
        $"{Prefix}restaurants:g{generation}:list:{Hash($"{Folded(filters.City)}\u001f{filters.KosherCategory}\u001f{Folded(filters.Search)}")}:{paging.Limit}:{paging.Offset}";

    public static string ReviewList(long generation, int? restaurantId, ListQuery paging) =>
        $"{Prefix}reviews:g{generation}:{restaurantId?.ToString(CultureInfo.InvariantCulture) ?? "all"}:{paging.Limit}:{paging.Offset}";

    public static string User(long generation, int id) => $"{Prefix}users:g{generation}:id:{id.ToString(CultureInfo.InvariantCulture)}";

    public static string UserList(long generation, ListQuery paging) => $"{Prefix}users:g{generation}:{paging.Limit}:{paging.Offset}";

    public static string Statistics(long generation) => $"{Prefix}statistics:g{generation}";

    public static string Generation(string area) => $"{Prefix}gen:{area}";

    private static string? Folded(string? text) => text is null ? null : CaseFolding.Fold(text);

    /// <summary>Short stable hash of free-form input (search text), so keys stay small and safe.</summary>
    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
}

/// <summary>Cache areas: each has its TTL and, where lists exist, a generation.</summary>
internal static class CacheAreas
{
    public const string Restaurants = "restaurants";
    public const string Reviews = "reviews";
    public const string Users = "users";
    public const string Statistics = "statistics";

    public static TimeSpan Ttl(string area) => area switch
    {
        Restaurants => TimeSpan.FromMinutes(30),
        Reviews => TimeSpan.FromMinutes(15),
        Users => TimeSpan.FromMinutes(60),
        _ => TimeSpan.FromMinutes(5),
    };
}
