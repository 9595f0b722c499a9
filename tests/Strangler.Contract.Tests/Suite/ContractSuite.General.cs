using System.Net;

namespace Strangler.Contract.Tests.Suite;

public abstract partial class ContractSuite
{
    [Fact]
    public async Task Statistics_summarise_the_directory()
    {
        var stats = AssertData(await GetAsync(Client(), "statistics"));
        Assert.True(stats.GetProperty("total_restaurants").GetInt32() >= 500);
        Assert.True(stats.GetProperty("total_reviews").GetInt32() >= 2000);
        Assert.Equal(50, stats.GetProperty("total_users").GetInt32());
        Assert.InRange(stats.GetProperty("average_rating").GetDouble(), 1, 5);
        var categories = stats.GetProperty("restaurants_by_kosher_category");
        Assert.Equal(["meat", "dairy", "pareve"], categories.EnumerateObject().Select(p => p.Name));
        Assert.Equal(stats.GetProperty("total_restaurants").GetInt32(), categories.EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(10, stats.GetProperty("restaurants_by_city").EnumerateObject().Count());
    }

    [Theory]
    [InlineData("restaurants?limit=50&offset=10")]
    [InlineData("restaurants/42")]
    [InlineData("reviews?restaurant_id=42")]
    [InlineData("statistics")]
    public async Task Repeated_reads_are_identical(string path)
    {
        var client = Client();
        var first = await GetAsync(client, path);
        var second = await GetAsync(client, path);
        AssertData(first);
        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task Unknown_endpoints_and_methods_answer_in_the_error_shape()
    {
        var client = Client();
        AssertError(await GetAsync(client, "restaurants/1/menu"), HttpStatusCode.NotFound);
        AssertError(await SendAsync(client, HttpMethod.Patch, "restaurants/1", new { name = "x" }, AdminToken()), HttpStatusCode.MethodNotAllowed);
        AssertError(await SendAsync(client, HttpMethod.Delete, "statistics", token: AdminToken()), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Responses_are_snake_case_json_in_the_envelope()
    {
        var reply = await GetAsync(Client(), "restaurants/1");
        Assert.Equal("application/json", reply.MediaType);
        Assert.Equal(["success", "data"], reply.Json.EnumerateObject().Select(p => p.Name));
        Assert.All(reply.Json.GetProperty("data").EnumerateObject(), p => Assert.Matches("^[a-z][a-z0-9_]*$", p.Name));
    }
}
