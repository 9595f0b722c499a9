using System.Collections.Immutable;
using Strangler.Contracts.Model;

namespace Strangler.Contracts.Sample;

/// <summary>
/// Generates the sample dataset from a fixed seed: 500 restaurants in 10 cities and 3 kosher
/// categories, 2,000 reviews and 50 users (ids 1..5 are admins). The same seed gives the same data
/// everywhere, so v3 and v4 serve identical content and tests can pin values.
/// </summary>
public static class SampleDataset
{
    public const ulong DefaultSeed = 20_250_817;
    public const int RestaurantCount = 500;
    public const int ReviewCount = 2_000;
    public const int UserCount = 50;
    public const int AdminCount = 5;

    /// <summary>All sample timestamps are at or after this instant.</summary>
    public static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<string> Cities { get; } =
        ["Jerusalem", "Tel Aviv", "Haifa", "Beersheba", "Netanya", "New York", "Los Angeles", "London", "Paris", "Toronto"];

    private static readonly (double Lat, double Lon)[] CityCenters =
        [(31.7683, 35.2137), (32.0853, 34.7818), (32.7940, 34.9896), (31.2518, 34.7913), (32.3215, 34.8532),
         (40.7128, -74.0060), (34.0522, -118.2437), (51.5074, -0.1278), (48.8566, 2.3522), (43.6532, -79.3832)];

    private static readonly string[] Adjectives = ["Golden", "Olive", "Cedar", "Blue", "Little", "Royal", "Old City", "Harbor", "Garden", "Silver", "Sunny", "Desert"];
    private static readonly string[] MeatNouns = ["Grill", "Steakhouse", "Deli", "Shawarma", "Kitchen", "Table"];
    private static readonly string[] DairyNouns = ["Dairy Bar", "Cafe", "Pizzeria", "Bakery", "Creamery"];
    private static readonly string[] PareveNouns = ["Falafel", "Sushi Bar", "Bistro", "Kitchen", "Salad Bar", "Table"];
    private static readonly string[] Streets = ["Herzl", "King George", "Ben Yehuda", "Jaffa", "Main", "Park", "Harbor", "Market", "Rothschild", "Elm"];
    private static readonly string[] Agencies = ["OU", "OK", "Star-K", "Badatz", "Rabbanut", "KLBD", "CRC", "COR"];
    private static readonly string[] FirstNames = ["Avi", "Dana", "Noa", "Eli", "Maya", "Yosef", "Sara", "David", "Lea", "Ari", "Tamar", "Ben", "Rivka", "Omer", "Shira"];
    private static readonly string[] LastNames = ["Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman", "Katz", "Azulay", "Goldberg", "Shapiro"];
    private static readonly string[] Praise = ["Great food", "Friendly staff", "Fair prices", "Slow service", "Lovely place", "Would come back", "Too noisy", "Fresh and tasty"];

    public static SampleData Generate(ulong seed = DefaultSeed)
    {
        var random = new SplitMix64(seed);
        var users = Enumerable.Range(1, UserCount).Select(id => CreateUser(random, id)).ToImmutableArray();
        var restaurants = Enumerable.Range(1, RestaurantCount).Select(id => CreateRestaurant(random, id)).ToList();
        var reviews = Enumerable.Range(1, ReviewCount).Select(id => CreateReview(random, id, restaurants)).ToImmutableArray();

        var ratings = reviews.GroupBy(r => r.RestaurantId).ToDictionary(g => g.Key, g => (Count: g.Count(), Average: Math.Round(g.Average(r => r.Rating), 2)));
        var rated = restaurants
            .Select(r => ratings.TryGetValue(r.Id, out var s) ? r with { ReviewCount = s.Count, AverageRating = s.Average } : r)
            .ToImmutableArray();
        return new SampleData(rated, reviews, users);
    }

    private static User CreateUser(SplitMix64 random, int id)
    {
        var first = random.Pick(FirstNames);
        var last = random.Pick(LastNames);
        return new User(
            id,
            $"{first} {last}",
            $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{id}@example.com",
            id <= AdminCount ? Roles.Admin : Roles.User,
            Epoch.AddHours(random.Below(24 * 180)));
    }

    private static Restaurant CreateRestaurant(SplitMix64 random, int id)
    {
        var cityIndex = random.Below(Cities.Count);
        var category = random.Pick(KosherCategories.All);
        var noun = random.Pick(category switch
        {
            KosherCategories.Meat => MeatNouns,
            KosherCategories.Dairy => DairyNouns,
            _ => PareveNouns,
        });
        var name = $"{random.Pick(Adjectives)} {noun}";
        var created = Epoch.AddHours(random.Below(24 * 365));
        var (lat, lon) = CityCenters[cityIndex];
        return new Restaurant(
            id,
            name,
            $"{random.Between(1, 250)} {random.Pick(Streets)} St",
            Cities[cityIndex],
            category,
            random.Pick(Agencies),
            $"+1-555-{random.Between(100, 999)}-{random.Between(1000, 9999)}",
            random.Below(3) == 0 ? null : $"https://example.com/restaurants/{id}",
            random.Between(1, 4),
            Math.Round(lat + ((random.Unit() - 0.5) * 0.1), 6),
            Math.Round(lon + ((random.Unit() - 0.5) * 0.1), 6),
            $"{name} serves {category} kosher food in {Cities[cityIndex]}.",
            null,
            0,
            created,
            created.AddDays(random.Below(60)));
    }

    private static Review CreateReview(SplitMix64 random, int id, IReadOnlyList<Restaurant> restaurants)
    {
        var restaurant = restaurants[random.Below(restaurants.Count)];
        var rating = random.Between(1, 5);
        return new Review(
            id,
            restaurant.Id,
            random.Between(1, UserCount),
            rating,
            random.Below(4) == 0 ? null : random.Pick(Praise),
            $"{random.Pick(Praise)}. Rated {rating} of 5.",
            restaurant.CreatedAt.AddDays(1 + random.Below(300)));
    }
}
