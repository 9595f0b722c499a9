using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Strangler.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>Durable state across restarts, and the admin API's rules.</summary>
public sealed class StateAndAdminTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private const string Token = "admin-token-for-tests";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_restart_right_after_a_revert_keeps_the_reverted_percentage()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-restart-").FullName;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var rollout = GuardHarness.Restaurants("partial", 50);
        await using (var harness = await GuardHarness.StartAsync(rollout, directory, time))
        {
            await harness.SetFaultAsync(onV4: true, errorRate: 0.5);
            for (var i = 0; i < 8; i++)
            {
                await harness.SecondAsync(240);
            }

            Assert.Equal(0m, GuardHarness.Feature(await harness.Gateway.StatusAsync()).GetProperty("effective").GetProperty("percentage").GetDecimal());
        }

        Assert.True(File.Exists(Path.Combine(directory, "rollout.state.json")));
        await using var restarted = await GuardHarness.StartAsync(rollout, directory, time);
        var feature = GuardHarness.Feature(await restarted.Gateway.StatusAsync());
        Assert.Equal(("reverted", 0m, 50m), (
            feature.GetProperty("effective").GetProperty("mode").GetString(),
            feature.GetProperty("effective").GetProperty("percentage").GetDecimal(),
            feature.GetProperty("desired").GetProperty("percentage").GetDecimal()));
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_corrupt_state_file_is_reported_and_the_gateway_still_serves()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-corrupt-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "rollout.state.json"), "{ this is not json", Ct);
        var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("full", 100)).ToJson(), directory: directory);

        var status = await gateway.StatusAsync();
        Assert.Contains("not valid JSON", status.GetProperty("state").GetProperty("load_error").GetString(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
        request.Headers.Add("X-User-Id", "someone");
        using var response = await gateway.Public.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("v4", response.Headers.GetValues("X-Backend").Single());
        await gateway.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Admin_requests_need_the_token_when_one_is_configured()
    {
        await using var gateway = await TokenGatewayAsync();
        using var anonymous = await gateway.Management.GetAsync("admin/status", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("missing bearer token", (await anonymous.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString(), StringComparison.Ordinal);

        using var wrong = await SendAsync(gateway, HttpMethod.Get, "admin/status", token: "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var right = await SendAsync(gateway, HttpMethod.Get, "admin/status", token: Token);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        using var post = await SendAsync(gateway, HttpMethod.Post, "admin/rollback-all");
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);

        using var health = await gateway.Management.GetAsync("healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var ready = await gateway.Management.GetAsync("readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Theory]
    [InlineData("GET", "admin/features/api_v4_restaurants/force")]
    [InlineData("PUT", "admin/features/api_v4_restaurants/pause")]
    [InlineData("DELETE", "admin/features/api_v4_restaurants/resume")]
    [InlineData("GET", "admin/rollback-all")]
    public async Task Mutations_are_post_only(string method, string path)
    {
        await using var gateway = await TokenGatewayAsync();
        using var response = await SendAsync(gateway, new HttpMethod(method), path, token: Token);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"percentage\": 100.01}", "between 0 and 100")]
    [InlineData("{\"percentage\": -1}", "between 0 and 100")]
    [InlineData("{\"percentage\": 12.345}", "at most two decimals")]
    [InlineData("{}", "percentage is required")]
    [InlineData("{\"percentage\": \"ten\"}", "invalid JSON body")]
    [InlineData("{\"percent\": 10}", "invalid JSON body")]
    [InlineData("not json", "invalid JSON body")]
    [InlineData("", "a JSON body is required")]
    public async Task Force_rejects_bad_input_with_a_clear_400(string body, string expected)
    {
        await using var gateway = await TokenGatewayAsync();
        using var response = await SendAsync(gateway, HttpMethod.Post, "admin/features/api_v4_restaurants/force", body, Token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("features/api_v4_restaurants/force", "{\"percentage\": \"ten\"}", "$.percentage: must be a number (got a string)")]
    [InlineData("features/api_v4_restaurants/force", "{\"percentage\": true}", "$.percentage: must be a number (got true)")]
    [InlineData("features/api_v4_restaurants/force", "{\"percentage\": 10, \"reason\": 42}", "$.reason: must be a string (got 42)")]
    [InlineData("features/api_v4_restaurants/force", "{\"percent\": 10}", "$.percent: unknown property 'percent'; expected one of: percentage, reason, actor")]
    [InlineData("features/api_v4_restaurants/force", "[10]", "$: must be an object (got an array)")]
    [InlineData("features/api_v4_restaurants/pause", "{\"reason\": {\"why\": \"x\"}}", "$.reason: must be a string (got an object)")]
    [InlineData("features/api_v4_restaurants/resume", "{\"actor\": [\"alice\"]}", "$.actor: must be a string (got an array)")]
    [InlineData("rollback-all", "{\"reason\": \"x\", \"by\": \"carol\"}", "$.by: unknown property 'by'; expected one of: reason, actor")]
    [InlineData("rollback-all", "{\"reason\": ", "invalid JSON (line 1, byte 12)")]
    public async Task A_body_of_the_wrong_shape_names_the_json_property_and_type_not_a_dotnet_type(string path, string body, string expected)
    {
        await using var gateway = await TokenGatewayAsync();
        using var response = await SendAsync(gateway, HttpMethod.Post, "admin/" + path, body, Token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString()!;
        Assert.StartsWith("invalid JSON body: " + expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Strangler.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_actions_apply_record_their_actor_and_route_traffic()
    {
        await using var gateway = await TokenGatewayAsync();
        using (var unknown = await SendAsync(gateway, HttpMethod.Post, "admin/features/api_v4_nope/force", "{\"percentage\": 5}", Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var force = await SendAsync(gateway, HttpMethod.Post, "admin/features/api_v4_restaurants/force", "{\"percentage\": 100, \"reason\": \"load test\", \"actor\": \"alice\"}", Token))
        {
            Assert.Equal(HttpStatusCode.OK, force.StatusCode);
            var effective = await force.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(("forced", 100m, "alice", "load test"), (effective.GetProperty("mode").GetString(), effective.GetProperty("percentage").GetDecimal(), effective.GetProperty("actor").GetString(), effective.GetProperty("reason").GetString()));
        }

        Assert.Equal("v4", await BackendOfAsync(gateway, "anyone"));

        using (var pause = await SendAsync(gateway, HttpMethod.Post, "admin/features/api_v4_restaurants/pause", null, Token, actor: "bob"))
        {
            Assert.True((await pause.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("paused").GetBoolean());
        }

        using (var rollback = await SendAsync(gateway, HttpMethod.Post, "admin/rollback-all", "{\"reason\": \"incident 42\"}", Token, actor: "carol"))
        {
            Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        }

        Assert.Equal("v3", await BackendOfAsync(gateway, "anyone"));

        using (var resume = await SendAsync(gateway, HttpMethod.Post, "admin/features/api_v4_restaurants/resume", null, Token))
        {
            var effective = await resume.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(("file", 0m, false), (effective.GetProperty("mode").GetString(), effective.GetProperty("percentage").GetDecimal(), effective.GetProperty("paused").GetBoolean()));
        }

        using var eventsResponse = await SendAsync(gateway, HttpMethod.Get, "admin/events?feature=api_v4_restaurants", token: Token);
        var events = (await eventsResponse.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("actor").GetString())).ToArray();
        Assert.Equal([("resume", "admin-api"), ("rollback_all", "carol"), ("pause", "bob"), ("force", "alice")], events);

        using var badLimit = await SendAsync(gateway, HttpMethod.Get, "admin/events?limit=0", token: Token);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    private async Task<RunningGateway> TokenGatewayAsync() =>
        await RunningGateway.StartAsync(
            backends.Rollout(RolloutFile.Restaurants("testing", 0)).ToJson(),
            new Dictionary<string, string?> { ["Gateway:Management:Token"] = Token });

    private static async Task<HttpResponseMessage> SendAsync(RunningGateway gateway, HttpMethod method, string path, string? body = null, string? token = null, string? actor = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (actor is not null)
        {
            request.Headers.Add("X-Actor", actor);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await gateway.Management.SendAsync(request, Ct);
    }

    private static async Task<string> BackendOfAsync(RunningGateway gateway, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
        request.Headers.Add("X-User-Id", user);
        using var response = await gateway.Public.SendAsync(request, Ct);
        return response.Headers.GetValues("X-Backend").Single();
    }
}
