using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Tests.Routing;

public sealed class RouteBindingTests
{
    private static readonly RouteBinding Restaurants = new("api_v4_restaurants/0", "api_v4_restaurants", "/api/restaurants", "/api/v4/restaurants");

    [Theory]
    [InlineData("/api/restaurants", "/api/v4/restaurants")]
    [InlineData("/api/restaurants/", "/api/v4/restaurants/")]
    [InlineData("/api/restaurants/7", "/api/v4/restaurants/7")]
    [InlineData("/API/Restaurants/7/reviews", "/api/v4/restaurants/7/reviews")]
    [InlineData("/api/restaurants/caf%2Fe", "/api/v4/restaurants/caf%2Fe")]
    public void Maps_the_prefix_and_keeps_the_rest(string path, string expected) =>
        Assert.Equal(expected, Restaurants.MapToV4(new PathString(path)).Value);

    [Theory]
    [InlineData("/api/restaurants", "/api/v4/restaurants")]
    [InlineData("/api/restaurants/a%2Fb", "/api/v4/restaurants/a%2Fb")]
    [InlineData("/API/restaurants/%252F", "/api/v4/restaurants/%252F")]
    [InlineData("/api/rest%61urants/7", null)]
    [InlineData("/api/restaurantsX", null)]
    public void Maps_the_raw_path_when_the_prefix_is_literal(string raw, string? expected) =>
        Assert.Equal(expected, Restaurants.MapRawToV4(raw));

    [Theory]
    [InlineData("/api/v4/restaurants/502", "/api/restaurants/502")]
    [InlineData("/api/v4/restaurants", "/api/restaurants")]
    [InlineData("/api/v4/restaurants?x=1", "/api/restaurants?x=1")]
    [InlineData("/api/v4/reviews/1", null)]
    [InlineData("/api/v4/restaurantsX", null)]
    public void Maps_v4_locations_back_to_client_paths(string v4, string? expected) =>
        Assert.Equal(expected, Restaurants.MapV4PathToClient(v4));
}
