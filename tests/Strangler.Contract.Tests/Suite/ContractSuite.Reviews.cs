using System.Net;
using System.Text.Json;

namespace Strangler.Contract.Tests.Suite;

public abstract partial class ContractSuite
{
    [Fact]
    public async Task Reviews_of_a_restaurant_are_listed_newest_first()
    {
        var data = AssertData(await GetAsync(Client(), "reviews?restaurant_id=2&limit=100"));
        var items = data.GetProperty("items").EnumerateArray().ToArray();
        Assert.NotEmpty(items);
        Assert.All(items, r => Assert.Equal(2, r.GetProperty("restaurant_id").GetInt32()));
        var dates = items.Select(r => r.GetProperty("created_at").GetDateTimeOffset()).ToArray();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
        Assert.Equal(["id", "restaurant_id", "user_id", "rating", "title", "content", "created_at"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(items.Length, data.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task All_reviews_are_paged_and_an_unknown_restaurant_is_a_404()
    {
        var client = Client();
        var all = AssertData(await GetAsync(client, "reviews?limit=7"));
        Assert.Equal(7, all.GetProperty("items").GetArrayLength());
        Assert.True(all.GetProperty("total").GetInt32() >= 2000);
        AssertError(await GetAsync(client, "reviews?restaurant_id=999999"), HttpStatusCode.NotFound);
        AssertFieldError(await GetAsync(client, "reviews?restaurant_id=abc"), "restaurant_id");
        AssertFieldError(await GetAsync(client, "reviews?restaurant_id=0"), "restaurant_id");
    }

    [Fact]
    public async Task Posting_a_review_needs_a_token_and_updates_the_restaurants_rating()
    {
        var client = Client();
        var restaurant = AssertData(await SendAsync(client, HttpMethod.Post, "restaurants", NewRestaurant("Review Target Bistro"), AdminToken()), HttpStatusCode.Created);
        var id = restaurant.GetProperty("id").GetInt32();
        var body = new { restaurant_id = id, rating = 4, title = "Good", content = "Tasty hummus." };

        AssertError(await SendAsync(client, HttpMethod.Post, "reviews", body), HttpStatusCode.Unauthorized);
        var created = await SendAsync(client, HttpMethod.Post, "reviews", body, UserToken());
        var review = AssertData(created, HttpStatusCode.Created);
        Assert.Equal(int.Parse(UserId, System.Globalization.CultureInfo.InvariantCulture), review.GetProperty("user_id").GetInt32());
        Assert.Equal(id, review.GetProperty("restaurant_id").GetInt32());

        // Location names the review where clients read it.
        using (var located = await client.GetAsync(created.Headers.Location, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, located.StatusCode);
            var read = JsonDocument.Parse(await located.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("data");
            Assert.Equal(review.GetProperty("id").GetInt32(), read.GetProperty("id").GetInt32());
            Assert.Equal("Tasty hummus.", read.GetProperty("content").GetString());
        }

        Assert.Equal(review.GetProperty("id").GetInt32(), AssertData(await GetAsync(client, $"reviews/{review.GetProperty("id").GetInt32()}")).GetProperty("id").GetInt32());

        AssertData(await SendAsync(client, HttpMethod.Post, "reviews", new { restaurant_id = id, rating = 1, content = "Cold." }, AdminToken()), HttpStatusCode.Created);
        var listed = AssertData(await GetAsync(client, $"reviews?restaurant_id={id}"));
        Assert.Equal(2, listed.GetProperty("total").GetInt32());
        var rated = AssertData(await GetAsync(client, $"restaurants/{id}"));
        Assert.Equal(2, rated.GetProperty("review_count").GetInt32());
        Assert.Equal(2.5, rated.GetProperty("average_rating").GetDouble());

        AssertData(await SendAsync(client, HttpMethod.Delete, $"restaurants/{id}", token: AdminToken()));
        AssertError(await GetAsync(client, $"reviews?restaurant_id={id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_missing_review_is_a_404_and_a_malformed_id_a_400()
    {
        var client = Client();
        AssertError(await GetAsync(client, "reviews/999999"), HttpStatusCode.NotFound);
        AssertFieldError(await GetAsync(client, "reviews/abc"), "id");
    }

    [Fact]
    public async Task A_review_with_the_nul_character_is_a_400_naming_the_field()
    {
        var reply = await SendAsync(Client(), HttpMethod.Post, "reviews", new { restaurant_id = 3, rating = 4, title = "Fine", content = "Nul\u0000Byte" }, UserToken());
        Assert.Equal(["must not contain the NUL character (U+0000)"], AssertFieldError(reply, "content"));
    }

    [Fact]
    public async Task Invalid_reviews_get_field_details()
    {
        var client = Client();
        var reply = await SendAsync(client, HttpMethod.Post, "reviews", new { restaurant_id = 0, rating = 6, content = "" }, UserToken());
        AssertFieldError(reply, "restaurant_id");
        Assert.Contains("between 1 and 5", AssertFieldError(reply, "rating")[0], StringComparison.Ordinal);
        AssertFieldError(reply, "content");
        AssertFieldError(await SendAsync(client, HttpMethod.Post, "reviews", new { rating = 3, content = "x" }, UserToken()), "restaurant_id");
        AssertError(await SendAsync(client, HttpMethod.Post, "reviews", new { restaurant_id = 999999, rating = 3, content = "x" }, UserToken()), HttpStatusCode.NotFound);
        AssertError(await SendAsync(client, HttpMethod.Post, "reviews", new { restaurant_id = 1, rating = 3, content = "x" }, Token("not-a-user", "user")), HttpStatusCode.Forbidden);
    }
}
