namespace Strangler.Contract.Tests.Suite;

public abstract partial class ContractSuite
{
    [Theory]
    [InlineData("restaurants", "{\"name\": \"x\", \"price_range\": \"cheap\"}", "$.price_range: must be an integer (got a string)")]
    [InlineData("restaurants", "{\"name\": \"x\", \"price_range\": 2.5}", "$.price_range: must be a whole number (got 2.5)")]
    [InlineData("restaurants", "{\"name\": \"x\", \"price_range\": 99999999999}", "$.price_range: must be an integer between -2147483648 and 2147483647 (got 99999999999)")]
    [InlineData("restaurants", "{\"name\": 5}", "$.name: must be a string (got 5)")]
    [InlineData("restaurants", "{\"name\": \"x\", \"latitude\": \"north\"}", "$.latitude: must be a number (got a string)")]
    [InlineData("restaurants", "{\"name\": \"x\", \"website\": [\"a\"]}", "$.website: must be a string (got an array)")]
    [InlineData("restaurants", "{\"colour\": \"red\"}", "$.colour: unknown property 'colour'; expected one of: name, address, city, kosher_category, certifying_agency, phone, website, price_range, latitude, longitude, description")]
    [InlineData("restaurants", "[{\"name\": \"x\"}]", "$: must be an object (got an array)")]
    [InlineData("restaurants", "\"x\"", "$: must be an object (got a string)")]
    [InlineData("reviews", "{\"restaurant_id\": 1, \"rating\": \"five\", \"content\": \"x\"}", "$.rating: must be an integer (got a string)")]
    [InlineData("reviews", "{\"restaurant_id\": true, \"rating\": 5, \"content\": \"x\"}", "$.restaurant_id: must be an integer (got true)")]
    public async Task A_body_of_the_wrong_shape_names_the_json_property_and_type_not_a_dotnet_type(string resource, string body, string expected)
    {
        var token = resource == "restaurants" ? AdminToken() : UserToken();
        var message = AssertFieldError(await SendAsync(Client(), HttpMethod.Post, resource, rawBody: body, token: token), "body").Single();
        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Strangler.", message, StringComparison.Ordinal);
    }
}
