using System.Net;
using System.Text.Json;

namespace Strangler.Contract.Tests.Suite;

public abstract partial class ContractSuite
{
    private static readonly string[] RestaurantFields =
    [
        "id", "name", "address", "city", "kosher_category", "certifying_agency", "phone", "website", "price_range",
        "latitude", "longitude", "description", "average_rating", "review_count", "created_at", "updated_at",
    ];

    [Fact]
    public async Task Restaurants_list_defaults_to_the_first_20_by_id_with_paging_metadata()
    {
        var data = AssertData(await GetAsync(Client(), "restaurants"));
        var items = data.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(20, items.Length);
        Assert.Equal(Enumerable.Range(1, 20), items.Select(i => i.GetProperty("id").GetInt32()));
        Assert.True(data.GetProperty("total").GetInt32() >= 500);
        Assert.Equal(20, data.GetProperty("limit").GetInt32());
        Assert.Equal(0, data.GetProperty("offset").GetInt32());
        Assert.Equal(RestaurantFields, items[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Restaurants_list_pages_with_limit_and_offset()
    {
        var data = AssertData(await GetAsync(Client(), "restaurants?limit=5&offset=5"));
        Assert.Equal([6, 7, 8, 9, 10], data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        Assert.Equal(5, data.GetProperty("limit").GetInt32());
        Assert.Equal(5, data.GetProperty("offset").GetInt32());

        var max = AssertData(await GetAsync(Client(), "restaurants?limit=100"));
        Assert.Equal(100, max.GetProperty("items").GetArrayLength());

        var beyond = AssertData(await GetAsync(Client(), "restaurants?offset=100000"));
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
    }

    /// <summary>Any integer from 0 is an offset; one beyond the end is an empty page that echoes it.</summary>
    [Theory]
    [InlineData("2000000")]
    [InlineData("2147483648")]
    [InlineData("9223372036854775807")]
    public async Task A_large_offset_is_an_empty_page_on_every_list(string offset)
    {
        foreach (var (list, token) in new[] { ("restaurants", (string?)null), ("reviews", null), ("users", AdminToken()) })
        {
            var page = AssertData(await GetAsync(Client(), $"{list}?offset={offset}", token));
            Assert.Equal(0, page.GetProperty("items").GetArrayLength());
            Assert.Equal(long.Parse(offset, System.Globalization.CultureInfo.InvariantCulture), page.GetProperty("offset").GetInt64());
            Assert.True(page.GetProperty("total").GetInt32() > 0);
        }
    }

    [Theory]
    [InlineData("limit", "0")]
    [InlineData("limit", "101")]
    [InlineData("limit", "-1")]
    [InlineData("limit", "abc")]
    [InlineData("limit", "2.5")]
    [InlineData("offset", "-1")]
    [InlineData("offset", "abc")]
    [InlineData("offset", "9223372036854775808")]
    public async Task Paging_out_of_bounds_is_a_400_naming_the_parameter(string parameter, string value)
    {
        var messages = AssertFieldError(await GetAsync(Client(), $"restaurants?{parameter}={value}"), parameter);
        Assert.Contains(messages, m => m.Contains("between", StringComparison.Ordinal));
        AssertFieldError(await GetAsync(Client(), $"reviews?{parameter}={value}"), parameter);
        AssertFieldError(await GetAsync(Client(), $"users?{parameter}={value}", AdminToken()), parameter);
    }

    [Fact]
    public async Task Restaurants_filter_by_city_category_and_search()
    {
        var client = Client();
        var haifa = AssertData(await GetAsync(client, "restaurants?city=haifa&limit=100"));
        Assert.NotEmpty(haifa.GetProperty("items").EnumerateArray());
        Assert.All(haifa.GetProperty("items").EnumerateArray(), r => Assert.Equal("Haifa", r.GetProperty("city").GetString()));
        Assert.Equal(haifa.GetProperty("items").GetArrayLength(), haifa.GetProperty("total").GetInt32());

        var dairy = AssertData(await GetAsync(client, "restaurants?kosher_category=dairy&limit=100"));
        Assert.All(dairy.GetProperty("items").EnumerateArray(), r => Assert.Equal("dairy", r.GetProperty("kosher_category").GetString()));

        var both = AssertData(await GetAsync(client, "restaurants?city=Haifa&kosher_category=meat&limit=100"));
        Assert.All(both.GetProperty("items").EnumerateArray(), r => Assert.Equal(("Haifa", "meat"), (r.GetProperty("city").GetString(), r.GetProperty("kosher_category").GetString())));
        Assert.True(both.GetProperty("total").GetInt32() < haifa.GetProperty("total").GetInt32());

        var search = AssertData(await GetAsync(client, "restaurants?search=FALAFEL&limit=100"));
        Assert.NotEmpty(search.GetProperty("items").EnumerateArray());
        Assert.All(search.GetProperty("items").EnumerateArray(), r =>
            Assert.Contains("falafel", (r.GetProperty("name").GetString() + " " + r.GetProperty("description").GetString()).ToLowerInvariant(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task City_and_search_ignore_case_beyond_ascii_by_simple_upper_case_mapping()
    {
        var client = Client();
        var created = await SendAsync(
            client,
            HttpMethod.Post,
            "restaurants",
            new { name = "Café Élan", address = "1 Bahnhofstrasse", city = "Zürich", kosher_category = "dairy", description = "Frühstück für Gäste" },
            AdminToken());
        var id = AssertData(created, HttpStatusCode.Created).GetProperty("id").GetInt32();
        try
        {
            foreach (var query in new[] { "search=ÉLAN", "search=élan", "city=ZÜRICH", "city=zürich&search=CAFÉ", "search=FRÜHSTÜCK FÜR" })
            {
                var page = AssertData(await GetAsync(client, $"restaurants?{query}&limit=100"));
                Assert.Equal([id], page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
                Assert.Equal(1, page.GetProperty("total").GetInt32());
            }

            // Case folding is not accent stripping.
            Assert.Equal(0, AssertData(await GetAsync(client, "restaurants?search=cafe elan")).GetProperty("total").GetInt32());
            Assert.Equal(0, AssertData(await GetAsync(client, "restaurants?city=Zurich")).GetProperty("total").GetInt32());
        }
        finally
        {
            AssertData(await SendAsync(client, HttpMethod.Delete, $"restaurants/{id}", token: AdminToken()));
        }
    }

    [Theory]
    [InlineData("%25")]
    [InlineData("_")]
    [InlineData("'%3B DROP TABLE restaurants%3B --")]
    [InlineData("%5C")]
    public async Task Search_treats_sql_meta_characters_as_text(string search)
    {
        var data = AssertData(await GetAsync(Client(), $"restaurants?search={search}"));
        Assert.Equal(0, data.GetProperty("total").GetInt32());
        Assert.True(AssertData(await GetAsync(Client(), "restaurants?limit=1")).GetProperty("total").GetInt32() >= 500);
    }

    [Theory]
    [InlineData("kosher_category=fish", "kosher_category")]
    [InlineData("city=", "city")]
    [InlineData("search=", "search")]
    public async Task Invalid_filters_are_400s_naming_the_filter(string query, string field) =>
        AssertFieldError(await GetAsync(Client(), $"restaurants?{query}"), field);

    /// <summary>No stored text holds U+0000 (PostgreSQL cannot store it): a filter with it is a 400, on every target and database.</summary>
    [Theory]
    [InlineData("search=%00", "search")]
    [InlineData("search=fala%00fel", "search")]
    [InlineData("city=%00", "city")]
    [InlineData("city=Hai%00fa", "city")]
    public async Task A_filter_with_the_nul_character_is_a_400_naming_the_filter(string query, string field) =>
        Assert.Equal(["must not contain the NUL character (U+0000)"], AssertFieldError(await GetAsync(Client(), $"restaurants?{query}"), field));

    [Fact]
    public async Task A_restaurant_with_the_nul_character_in_a_text_field_is_a_400_naming_the_field()
    {
        var client = Client();
        const string Nul = "must not contain the NUL character (U+0000)";
        Assert.Equal([Nul], AssertFieldError(await SendAsync(client, HttpMethod.Post, "restaurants", NewRestaurant("Nul\u0000Byte"), AdminToken()), "name"));
        Assert.Equal([Nul], AssertFieldError(await SendAsync(client, HttpMethod.Put, "restaurants/2", NewRestaurant("Nul\u0000Byte"), AdminToken()), "name"));
        Assert.Equal([Nul], AssertFieldError(await SendAsync(client, HttpMethod.Post, "restaurants", NewRestaurant("Fine Name", city: "Hai\u0000fa"), AdminToken()), "city"));
        Assert.NotEqual("Nul\u0000Byte", AssertData(await GetAsync(client, "restaurants/2")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_restaurant_is_found_by_id_and_a_missing_one_is_a_404()
    {
        var client = Client();
        var restaurant = AssertData(await GetAsync(client, "restaurants/3"));
        Assert.Equal(3, restaurant.GetProperty("id").GetInt32());
        Assert.Equal(RestaurantFields, restaurant.EnumerateObject().Select(p => p.Name));

        var missing = AssertError(await GetAsync(client, "restaurants/999999"), HttpStatusCode.NotFound);
        Assert.Equal(JsonValueKind.Null, missing.ValueKind);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("1.5")]
    public async Task A_malformed_id_is_a_400_naming_it(string id) =>
        AssertFieldError(await GetAsync(Client(), $"restaurants/{id}"), "id");

    [Fact]
    public async Task Writing_restaurants_needs_an_admin_token()
    {
        var client = Client();
        var body = NewRestaurant("Auth Check Grill");
        var anonymous = await SendAsync(client, HttpMethod.Post, "restaurants", body);
        AssertError(anonymous, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        AssertError(await SendAsync(client, HttpMethod.Post, "restaurants", body, Token(AdminId, "admin", TimeSpan.FromMinutes(-5))), HttpStatusCode.Unauthorized);
        AssertError(await SendAsync(client, HttpMethod.Post, "restaurants", body, "not.a.token"), HttpStatusCode.Unauthorized);
        var forged = Contracts.Identity.ContractTokens.Create("a-completely-different-key-of-enough-length", AdminId, "admin", DateTimeOffset.UtcNow.AddMinutes(5));
        AssertError(await SendAsync(client, HttpMethod.Post, "restaurants", body, forged), HttpStatusCode.Unauthorized);
        AssertError(await SendAsync(client, HttpMethod.Post, "restaurants", body, UserToken()), HttpStatusCode.Forbidden);
        AssertError(await SendAsync(client, HttpMethod.Put, "restaurants/1", body, UserToken()), HttpStatusCode.Forbidden);
        AssertError(await SendAsync(client, HttpMethod.Delete, "restaurants/1", token: UserToken()), HttpStatusCode.Forbidden);
        AssertError(await SendAsync(client, HttpMethod.Delete, "restaurants/1"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_created_restaurant_is_visible_to_later_reads_then_updated_then_deleted()
    {
        var client = Client();
        var created = await SendAsync(client, HttpMethod.Post, "restaurants", NewRestaurant("Contract Falafel"), AdminToken());
        var restaurant = AssertData(created, HttpStatusCode.Created);
        var id = restaurant.GetProperty("id").GetInt32();
        Assert.True(id > 500);
        Assert.EndsWith($"{Target.Prefix}/restaurants/{id}", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("Contract Falafel", restaurant.GetProperty("name").GetString());
        Assert.Equal(0, restaurant.GetProperty("review_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, restaurant.GetProperty("average_rating").ValueKind);

        var read = AssertData(await GetAsync(client, $"restaurants/{id}"));
        Assert.Equal("pareve", read.GetProperty("kosher_category").GetString());
        var listed = AssertData(await GetAsync(client, "restaurants?search=contract%20falafel"));
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt32() == id);

        var updated = AssertData(await SendAsync(client, HttpMethod.Put, $"restaurants/{id}", NewRestaurant("Contract Falafel II", city: "Haifa"), AdminToken()));
        Assert.Equal("Contract Falafel II", updated.GetProperty("name").GetString());
        Assert.Equal("Haifa", AssertData(await GetAsync(client, $"restaurants/{id}")).GetProperty("city").GetString());

        var deleted = AssertData(await SendAsync(client, HttpMethod.Delete, $"restaurants/{id}", token: AdminToken()));
        Assert.Equal(id, deleted.GetProperty("id").GetInt32());
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        AssertError(await GetAsync(client, $"restaurants/{id}"), HttpStatusCode.NotFound);
        AssertError(await SendAsync(client, HttpMethod.Delete, $"restaurants/{id}", token: AdminToken()), HttpStatusCode.NotFound);
        AssertError(await SendAsync(client, HttpMethod.Put, $"restaurants/{id}", NewRestaurant("Gone"), AdminToken()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_restaurant_bodies_get_field_details()
    {
        var client = Client();
        var reply = await SendAsync(client, HttpMethod.Post, "restaurants", new { name = "", kosher_category = "fish", price_range = 9, latitude = 123.0, website = "ftp://x" }, AdminToken());
        foreach (var field in new[] { "name", "address", "city", "kosher_category", "price_range", "latitude", "website" })
        {
            AssertFieldError(reply, field);
        }

        Assert.Contains("invalid JSON", AssertFieldError(await SendAsync(client, HttpMethod.Post, "restaurants", rawBody: "{\"name\": ", token: AdminToken()), "body")[0], StringComparison.Ordinal);
        Assert.Contains("price_range", AssertFieldError(await SendAsync(client, HttpMethod.Post, "restaurants", rawBody: "{\"name\": \"x\", \"price_range\": \"cheap\"}", token: AdminToken()), "body")[0], StringComparison.Ordinal);
        Assert.Contains("colour", AssertFieldError(await SendAsync(client, HttpMethod.Post, "restaurants", rawBody: "{\"colour\": \"red\"}", token: AdminToken()), "body")[0], StringComparison.Ordinal);
        AssertError(await SendAsync(client, HttpMethod.Post, "restaurants", rawBody: "name=x", token: AdminToken(), contentType: "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("at most 65536 bytes", AssertFieldError(await SendAsync(client, HttpMethod.Post, "restaurants", rawBody: "{\"name\": \"" + new string('x', 70_000) + "\"}", token: AdminToken()), "body")[0], StringComparison.Ordinal);
    }

    private static object NewRestaurant(string name, string city = "Jerusalem") => new
    {
        name,
        address = "1 Test St",
        city,
        kosher_category = "pareve",
        certifying_agency = "OU",
        phone = "+1-555-000-0000",
        website = "https://example.com/contract",
        price_range = 2,
        latitude = 31.77,
        longitude = 35.21,
        description = $"{name}: created by the contract suite",
    };
}
