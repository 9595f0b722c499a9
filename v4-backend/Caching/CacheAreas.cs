namespace Strangler.V4Backend.Caching;

/// <summary>Cache areas: each has its TTL and its generation.</summary>
internal static class CacheAreas
{
    public const string Restaurants = "restaurants";
    public const string Reviews = "reviews";
    public const string Users = "users";
    public const string Statistics = "statistics";

    public static IReadOnlyList<string> All { get; } = [Restaurants, Reviews, Users, Statistics];

    public static TimeSpan Ttl(string area) => area switch
    {
        Restaurants => TimeSpan.FromMinutes(30),
        Reviews => TimeSpan.FromMinutes(15),
        Users => TimeSpan.FromMinutes(60),
        _ => TimeSpan.FromMinutes(5),
    };
}
