using System.Net;
using System.Text.Json;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Net;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>
/// The path a backend receives is the path routing decided on (after the v4 prefix rewrite), byte
/// for byte; a target that a backend could read differently is refused before it reaches one.
/// </summary>
public sealed class RequestTargetTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly FeatureEntry DisabledUsers = new("api_v4_users", "/api/users", "/api/v4/users", "disabled", 0);

    [Theory]
    // The reproductions: each reached a backend as a different path than the one routing decided on.
    [InlineData(@"/api/restaurants/..\..\..\api/v4/users/1", "backslash")]
    [InlineData(@"/api/restaurants/..\..\..\admin", "backslash")]
    [InlineData(@"/api/x\..\restaurants/7", "backslash")]
    [InlineData("/api/restaurants/7#/../../../api/users/1", "'#'")]
    // Encoded and disguised forms of the same escapes.
    [InlineData("/api/restaurants/..%5C..%5Capi/users/1", "backslash")]
    [InlineData("/api/restaurants/%255C", "backslash")]
    [InlineData("/api/users/%2e%2e/restaurants/7", "'..'")]
    [InlineData("/api/users/.%2E/restaurants/7", "'..'")]
    [InlineData("/api/users/..%2Frestaurants/7", "'..'")]
    [InlineData("/api/users/%252e%252e/restaurants/7", "'..'")]
    [InlineData("/api/users/..;/restaurants/7", "'..'")]
    [InlineData("/api/users/.../restaurants/7", "'..'")]
    [InlineData("/api/restaurants/./7", "'..'")]
    [InlineData("/api/restaurants/%C0%AE%C0%AE/x", "UTF-8")]
    [InlineData("/api/restaurants/%E0%80%AE", "UTF-8")]
    [InlineData("/api/restaurants/%ED%A0%80", "UTF-8")]
    [InlineData("/api/restaurants/%01", "control character")]
    [InlineData("/api/restaurants/%251F", "control character")]
    [InlineData("/api/restaurants/7%zz", "'%'")]
    [InlineData("/api/restaurants/7%2", "'%'")]
    // Forms that route past a feature when a backend decodes, strips or merges what routing kept.
    [InlineData("/api%2Frestaurants/7", "route")]
    [InlineData("/api%252Frestaurants/7", "route")]
    [InlineData("/api;v=1/restaurants/7", "route")]
    [InlineData("/api/restaurants;v=1/7", "route")]
    [InlineData("/api/restaurants./7", "route")]
    [InlineData("/API/Restaurants%2E/7", "route")]
    [InlineData("/api/restaurants%20/7", "route")]
    [InlineData("/api//restaurants/7", "route")]
    [InlineData("/api/restaurants%3F/7", "route")]
    [InlineData("/api/users%2F..%2F..%2Frestaurants", "'..'")]
    public async Task A_target_a_backend_could_read_differently_is_refused_with_400_before_any_backend(string target, string reason)
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("full", 100), DisabledUsers).ToJson());
        var before = (backends.V3.Requests, backends.V4.Requests);

        var response = await RawHttp.SendAsync(gateway.App.PublicAddress, $"GET {target} HTTP/1.1\r\nX-User-Id: 1\r\n", string.Empty, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        using var body = JsonDocument.Parse(response.Body);
        Assert.False(body.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal(400, body.RootElement.GetProperty("status_code").GetInt32());
        Assert.Contains(reason, body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, body.RootElement.GetProperty("details").GetProperty("path")[0].ValueKind);
        Assert.True(response.Headers.ContainsKey("x-request-id"));
        Assert.Equal(before, (backends.V3.Requests, backends.V4.Requests));
    }

    [Theory]
    [InlineData("/api/restaurants/7", "v4", "/api/v4/restaurants/7")]
    [InlineData("/api/restaurants", "v4", "/api/v4/restaurants")]
    [InlineData("/api/restaurants/", "v4", "/api/v4/restaurants/")]
    [InlineData("/API/Restaurants/7", "v4", "/api/v4/restaurants/7")]
    [InlineData("/api/%72estaurants/7", "v4", "/api/v4/restaurants/7")]
    [InlineData("/api/restaurants/x%20y/caf%C3%A9", "v4", "/api/v4/restaurants/x%20y/caf%C3%A9")]
    [InlineData("/api/restaurants/caf%C3%A9%2Fbar/%E2%9C%93", "v4", "/api/v4/restaurants/caf%C3%A9%2Fbar/%E2%9C%93")]
    [InlineData("/api/restaurants/a%252Fb", "v4", "/api/v4/restaurants/a%252Fb")]
    [InlineData("/api/restaurants/7;v=1", "v4", "/api/v4/restaurants/7;v=1")]
    [InlineData("/api/restaurants/7.json", "v4", "/api/v4/restaurants/7.json")]
    [InlineData("/api/restaurants/7.", "v4", "/api/v4/restaurants/7.")]
    [InlineData("/api/restaurants//7", "v4", "/api/v4/restaurants//7")]
    [InlineData("/api/restaurants/..x/.y", "v4", "/api/v4/restaurants/..x/.y")]
    [InlineData("/api/restaurants?search=..%2F..%5C%00&city=Tel%20Aviv", "v4", "/api/v4/restaurants?search=..%2F..%5C%00&city=Tel%20Aviv")]
    [InlineData("/api/restaurants?q=a/../b\\c", "v4", "/api/v4/restaurants?q=a/../b\\c")]
    [InlineData("/api/users/1", "v3", "/api/users/1")]
    [InlineData("/api/auth/a%2Fb/login?next=%2F", "v3", "/api/auth/a%2Fb/login?next=%2F")]
    [InlineData("/api/restaurantsX/1", "v3", "/api/restaurantsX/1")]
    [InlineData("/api/caf%C3%A9.", "v3", "/api/caf%C3%A9.")]
    public async Task A_legitimate_target_reaches_its_backend_byte_for_byte(string target, string backend, string received)
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("full", 100), DisabledUsers).ToJson());

        var response = await RawHttp.SendAsync(gateway.App.PublicAddress, $"GET {target} HTTP/1.1\r\nX-User-Id: 1\r\n", string.Empty, Ct);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var echo = JsonSerializer.Deserialize<EchoedRequest>(response.Body, EchoedRequest.Json)!;
        Assert.Equal((backend, received), (echo.Backend, echo.RawTarget));
    }

    [Fact]
    public async Task An_absolute_form_target_is_forwarded_as_its_path_and_checked_like_one()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("full", 100), DisabledUsers).ToJson());
        var authority = gateway.App.PublicAddress.Authority;

        var ok = await RawHttp.SendAsync(gateway.App.PublicAddress, $"GET http://{authority}/api/restaurants/x%20y?q=1 HTTP/1.1\r\nX-User-Id: 1\r\n", string.Empty, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        var echo = JsonSerializer.Deserialize<EchoedRequest>(ok.Body, EchoedRequest.Json)!;
        Assert.Equal(("v4", "/api/v4/restaurants/x%20y?q=1"), (echo.Backend, echo.RawTarget));

        // Kestrel routes an absolute-form target on its decoded form, where %2F is already a '/'.
        var before = (backends.V3.Requests, backends.V4.Requests);
        var slash = await RawHttp.SendAsync(gateway.App.PublicAddress, $"GET http://{authority}/api%2Frestaurants/7 HTTP/1.1\r\nX-User-Id: 1\r\n", string.Empty, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, slash.Status);
        Assert.Equal(before, (backends.V3.Requests, backends.V4.Requests));
    }

    [Fact]
    public async Task An_asterisk_form_target_is_refused_instead_of_becoming_a_request_for_the_root()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout().ToJson());
        var before = (backends.V3.Requests, backends.V4.Requests);

        var response = await RawHttp.SendAsync(gateway.App.PublicAddress, "OPTIONS * HTTP/1.1\r\n", string.Empty, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("origin-form", response.Body, StringComparison.Ordinal);
        Assert.Equal(before, (backends.V3.Requests, backends.V4.Requests));
    }
}
