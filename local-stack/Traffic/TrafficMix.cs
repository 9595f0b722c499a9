using System.Text.Json;
using Strangler.Contracts.Json;
using Strangler.Contracts.Model;
using Strangler.Contracts.Sample;

namespace Strangler.LocalStack.Traffic;

/// <summary>
/// The synthetic traffic's mix, a pure function of a random source: mostly reads (restaurant lists
/// with filters, restaurant details, reviews, statistics) from thousands of distinct reader ids,
/// some review writes by sample users and a few admin operations. Every request is valid under the
/// public contract, so a 4xx or 5xx in the traffic summary is worth a look.
/// </summary>
internal static class TrafficMix
{
    /// <summary>Distinct reader ids (X-User-Id): enough that a percentage splits them smoothly.</summary>
    public const int Readers = 5000;

    private static readonly string[] Searches = ["grill", "cafe", "house", "kitchen", "bistro", "%", "o'"];

    public static TrafficRequest Next(Random random)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 38 => Read(random, RestaurantList(random)),
            < 58 => Read(random, $"/api/restaurants/{RestaurantId(random)}"),
            < 73 => Read(random, $"/api/reviews?restaurant_id={RestaurantId(random)}&limit={Limit(random)}"),
            < 81 => Read(random, "/api/statistics"),
            < 84 => new TrafficRequest(HttpMethod.Get, RestaurantList(random), Caller.Anonymous, null),
            < 95 => ReviewWrite(random),
            < 98 => new TrafficRequest(HttpMethod.Get, $"/api/users?limit={Limit(random)}", Caller.Admin, AdminId(random)),
            _ => RestaurantWrite(random),
        };
    }

    private static TrafficRequest Read(Random random, string path) =>
        new(HttpMethod.Get, path, Caller.Reader, (1 + random.Next(Readers)).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string RestaurantList(Random random)
    {
        var path = $"/api/restaurants?limit={Limit(random)}&offset={random.Next(25) * 20}";
        return random.Next(10) switch
        {
            < 3 => path + "&city=" + Uri.EscapeDataString(SampleDataset.Cities[random.Next(SampleDataset.Cities.Count)]),
            3 => path + "&kosher_category=" + KosherCategories.All[random.Next(KosherCategories.All.Count)],
            4 => "/api/restaurants?search=" + Uri.EscapeDataString(Searches[random.Next(Searches.Length)]),
            _ => path,
        };
    }

    private static TrafficRequest ReviewWrite(Random random)
    {
        var body = new ReviewInput(RestaurantId(random), 1 + random.Next(5), "Synthetic visit", "Written by the local stack's traffic generator.");
        var userId = (SampleDataset.AdminCount + 1 + random.Next(SampleDataset.UserCount - SampleDataset.AdminCount)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new TrafficRequest(HttpMethod.Post, "/api/reviews", Caller.User, userId, JsonSerializer.Serialize(body, ContractJson.Default.ReviewInput));
    }

    private static TrafficRequest RestaurantWrite(Random random)
    {
        var city = SampleDataset.Cities[random.Next(SampleDataset.Cities.Count)];
        var body = new RestaurantInput(
            $"Synthetic Deli {random.Next(100_000)}", $"{1 + random.Next(200)} Market Street", city,
            KosherCategories.All[random.Next(KosherCategories.All.Count)], "Local Rabbinate", null, null,
            1 + random.Next(4), null, null, "Created by the local stack's traffic generator.");
        return new TrafficRequest(HttpMethod.Post, "/api/restaurants", Caller.Admin, AdminId(random), JsonSerializer.Serialize(body, ContractJson.Default.RestaurantInput));
    }

    private static int RestaurantId(Random random) => 1 + random.Next(SampleDataset.RestaurantCount);

    private static int Limit(Random random) => random.Next(3) switch { 0 => 10, 1 => 20, _ => 50 };

    private static string AdminId(Random random) => (1 + random.Next(SampleDataset.AdminCount)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
