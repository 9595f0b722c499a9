using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Strangler.Contracts.Identity;

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

    /// <summary>Whichever backend answers, and under whatever prefix it serves the contract, the message names the path as clients call it.</summary>
    [Fact]
    public async Task Unknown_endpoint_and_method_messages_name_the_contract_path_not_the_backends()
    {
        var client = Client();
        Assert.Equal("no such endpoint: GET /api/restaurants/1/menu", (await GetAsync(client, "restaurants/1/menu")).Json.GetProperty("error").GetString());
        Assert.Equal(
            "method PATCH not allowed on /api/restaurants/1",
            (await SendAsync(client, HttpMethod.Patch, "restaurants/1", new { name = "x" }, AdminToken())).Json.GetProperty("error").GetString());
        Assert.Equal(
            "method DELETE not allowed on /api/statistics",
            (await SendAsync(client, HttpMethod.Delete, "statistics", token: AdminToken())).Json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_401_or_403_says_why_the_token_was_not_enough()
    {
        var client = Client();
        var body = new { restaurant_id = 1, rating = 4, content = "Fine." };

        Assert.Equal("authentication required: send 'Authorization: Bearer <token>'", await ErrorOfAsync(HttpStatusCode.Unauthorized, null));
        Assert.Equal("token expired", await ErrorOfAsync(HttpStatusCode.Unauthorized, Token(UserId, "user", TimeSpan.FromMinutes(-5))));
        Assert.Equal(
            "invalid token signature",
            await ErrorOfAsync(HttpStatusCode.Unauthorized, ContractTokens.Create("a-completely-different-key-of-enough-length", UserId, "user", DateTimeOffset.UtcNow.AddMinutes(5))));
        Assert.Equal("token role must be \"admin\" or \"user\"", await ErrorOfAsync(HttpStatusCode.Unauthorized, Token(UserId, "superuser")));
        Assert.StartsWith("malformed token", await ErrorOfAsync(HttpStatusCode.Unauthorized, "not.a.token"), StringComparison.Ordinal);

        using var basic = new HttpRequestMessage(HttpMethod.Post, Path("reviews")) { Content = JsonContent(body) };
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
        using var basicReply = await client.SendAsync(basic, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, basicReply.StatusCode);
        Assert.Equal("Bearer", basicReply.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal("unsupported authorization scheme: use Bearer", JsonDocument.Parse(await basicReply.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("error").GetString());

        var forbidden = await GetAsync(client, "users", UserToken());
        AssertError(forbidden, HttpStatusCode.Forbidden);
        Assert.Equal("admin role required", forbidden.Json.GetProperty("error").GetString());

        async Task<string?> ErrorOfAsync(HttpStatusCode status, string? token)
        {
            var reply = await SendAsync(client, HttpMethod.Post, "reviews", body, token);
            AssertError(reply, status);
            Assert.Equal("Bearer", reply.Headers.WwwAuthenticate.Single().ToString());
            return reply.Json.GetProperty("error").GetString();
        }
    }

    [Fact]
    public async Task Responses_are_snake_case_json_in_the_envelope()
    {
        var reply = await GetAsync(Client(), "restaurants/1");
        Assert.Equal("application/json", reply.MediaType);
        Assert.Equal(["success", "data"], reply.Json.EnumerateObject().Select(p => p.Name));
        Assert.All(reply.Json.GetProperty("data").EnumerateObject(), p => Assert.Matches("^[a-z][a-z0-9_]*$", p.Name));
    }

    private static StringContent JsonContent(object body)
    {
        var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
