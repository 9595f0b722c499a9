using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Tests.Routing;

public sealed class RouteBindingTests
{
    private static readonly RouteBinding Restaurants = new("api_v4_restaurants/0", "api_v4_restaurants", "/api/restaurants", "/api/v4/restaurants");

    [Theory]
    [InlineData("/api/restaurants", true)]
    [InlineData("/api/restaurants/", true)]
    [InlineData("/API/Restaurants/7", true)]
    [InlineData("/api/restaurantsX", false)]
    [InlineData("/api/restaurants;v=1/7", false)]
    [InlineData("/api/restaurants%2F7", false)]
    [InlineData("/api//restaurants/7", false)]
    [InlineData("/api", false)]
    public void Covers_its_prefix_segment_by_segment_ignoring_case(string path, bool covered) =>
        Assert.Equal(covered, Restaurants.Covers(path));

    [Theory]
    [InlineData("/api/restaurants", "")]
    [InlineData("/api/restaurants/", "/")]
    [InlineData("/api/restaurants/7?city=Haifa", "/7?city=Haifa")]
    [InlineData("/api/restaurants?limit=5", "?limit=5")]
    [InlineData("/API/Restaurants/7/reviews", "/7/reviews")]
    [InlineData("/api/%72estaurants/caf%C3%A9%2Fbar", "/caf%C3%A9%2Fbar")]
    [InlineData("/api/restaurants/a%252Fb?q=/x", "/a%252Fb?q=/x")]
    public void The_prefix_of_a_raw_path_is_its_first_segments_however_encoded(string raw, string rest) =>
        Assert.Equal(rest, raw[Restaurants.PrefixLength(raw)..]);

    [Theory]
    [InlineData("/api/v4/restaurants/502", "/api/restaurants/502")]
    [InlineData("/api/v4/restaurants", "/api/restaurants")]
    [InlineData("/api/v4/restaurants?x=1", "/api/restaurants?x=1")]
    [InlineData("/api/v4/reviews/1", null)]
    [InlineData("/api/v4/restaurantsX", null)]
    public void Maps_v4_locations_back_to_client_paths(string v4, string? expected) =>
        Assert.Equal(expected, Restaurants.MapV4PathToClient(v4));
}
