using System.Net;
using System.Net.Http.Json;
using Strangler.Bucketing;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.EndToEnd;

public sealed class RoutingTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Users_are_split_by_bucket_and_v4_gets_the_rewritten_path()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("partial", 50)).ToJson());

        for (var i = 0; i < 60; i++)
        {
            var user = $"user-{i}";
            var echo = await GetAsync(gateway, "api/restaurants/7?city=Haifa&x=a%26b", user);
            var expectV4 = Bucket.Compute("strangler", user) < 5000;

            Assert.Equal(expectV4 ? "v4" : "v3", echo.Backend);
            Assert.Equal(expectV4 ? "/api/v4/restaurants/7?city=Haifa&x=a%26b" : "/api/restaurants/7?city=Haifa&x=a%26b", echo.RawTarget);
            Assert.Equal(echo.Backend, echo.Header("X-Strangler-Backend"));
            Assert.Equal("api_v4_restaurants", echo.Header("X-Strangler-Feature"));
            Assert.Equal(expectV4 ? "bucket-in" : "bucket-out", echo.Header("X-Strangler-Reason"));
            Assert.Equal(Bucket.Compute("strangler", user).ToString(System.Globalization.CultureInfo.InvariantCulture), echo.Header("X-Strangler-Bucket"));
        }
    }

    [Fact]
    public async Task Encoded_segments_survive_the_rewrite()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("full", 100)).ToJson());
        var echo = await GetAsync(gateway, "api/restaurants/caf%C3%A9%2Fbar/x%20y?q=%E2%9C%93", "u1");
        Assert.Equal("v4", echo.Backend);
        Assert.Equal("/api/v4/restaurants/caf%C3%A9%2Fbar/x%20y?q=%E2%9C%93", echo.RawTarget);
    }

    [Fact]
    public async Task Paths_no_feature_claims_go_to_v3_unchanged()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("complete", 100)).ToJson());
        var echo = await GetAsync(gateway, "api/auth/a%2Fb/login?next=%2F", "u1");
        Assert.Equal("v3", echo.Backend);
        Assert.Equal("/api/auth/a%2Fb/login?next=%2F", echo.RawTarget);
        Assert.Null(echo.Header("X-Strangler-Backend"));
    }

    [Fact]
    public async Task Forged_internal_and_forwarding_headers_never_reach_a_backend()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("disabled", 0)).ToJson());
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
        request.Headers.Add("X-User-Id", "u1");
        request.Headers.Add("X-Strangler-Backend", "v4");
        request.Headers.Add("X-Strangler-Reason", "always-v4");
        request.Headers.Add("X-Strangler-Bucket", "0");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("Forwarded", "for=203.0.113.9");
        var echo = await SendAsync(gateway, request);

        Assert.Equal("v3", echo.Backend);
        Assert.Equal("v3", echo.Header("X-Strangler-Backend"));
        Assert.Equal("stage-disabled", echo.Header("X-Strangler-Reason"));
        Assert.Null(echo.Header("X-Strangler-Bucket"));
        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal(gateway.App.PublicAddress.Authority, echo.Header("X-Forwarded-Host"));
        Assert.Null(echo.Header("Forwarded"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Underscore_and_mixed_case_variants_of_the_gateways_headers_never_reach_a_backend(bool trustForwarded)
    {
        await using var gateway = await RunningGateway.StartAsync(
            backends.Rollout(RolloutFile.Restaurants("disabled", 0)).ToJson(),
            new Dictionary<string, string?> { ["Gateway:ForwardedHeaders:TrustIncoming"] = trustForwarded ? "true" : "false" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
        request.Headers.Add("X-User-Id", "u1");
        var forged = new[] { "X_Strangler_Backend", "x_strangler_reason", "X-Strangler_Bucket", "X_STRANGLER-FEATURE", "X_Request_Id", "X_Forwarded_For", "x_forwarded-host", "X_Real_IP" };
        foreach (var name in forged)
        {
            request.Headers.TryAddWithoutValidation(name, "forged");
        }

        var echo = await SendAsync(gateway, request);

        Assert.Equal("v3", echo.Backend);
        Assert.DoesNotContain(echo.Headers.Keys, k => k.Contains('_', StringComparison.Ordinal));
        Assert.DoesNotContain("forged", echo.Headers.Values);
        Assert.Equal("stage-disabled", echo.Header("X-Strangler-Reason"));
    }

    [Fact]
    public async Task Request_ids_are_kept_when_valid_and_generated_otherwise()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout().ToJson());

        using var valid = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
        valid.Headers.Add("X-Request-Id", "abc-123");
        using var validResponse = await gateway.Public.SendAsync(valid, Ct);
        var validEcho = await validResponse.Content.ReadFromJsonAsync<EchoedRequest>(EchoedRequest.Json, Ct);
        Assert.Equal("abc-123", validEcho!.Header("X-Request-Id"));
        Assert.Equal("abc-123", validResponse.Headers.GetValues("X-Request-Id").Single());

        using var invalid = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
        invalid.Headers.TryAddWithoutValidation("X-Request-Id", "bad id with spaces");
        using var invalidResponse = await gateway.Public.SendAsync(invalid, Ct);
        var generated = invalidResponse.Headers.GetValues("X-Request-Id").Single();
        var invalidEcho = await invalidResponse.Content.ReadFromJsonAsync<EchoedRequest>(EchoedRequest.Json, Ct);
        Assert.Matches("^[0-9a-f]{32}$", generated);
        Assert.Equal(generated, invalidEcho!.Header("X-Request-Id"));
    }

    [Fact]
    public async Task With_observation_off_routing_is_unchanged_and_nothing_is_recorded_or_judged()
    {
        await using var gateway = await RunningGateway.StartAsync(
            backends.Rollout(RolloutFile.Restaurants("partial", 50)).ToJson(),
            new Dictionary<string, string?> { ["Gateway:Observe"] = "false", ["Gateway:GuardInterval"] = "00:00:00.05" });

        for (var i = 0; i < 40; i++)
        {
            var user = $"user-{i}";
            var echo = await GetAsync(gateway, "api/restaurants/7", user);
            var expectV4 = Bucket.Compute("strangler", user) < 5000;
            Assert.Equal(expectV4 ? "v4" : "v3", echo.Backend);
            Assert.Equal(expectV4 ? "/api/v4/restaurants/7" : "/api/restaurants/7", echo.RawTarget);
            Assert.Equal(expectV4 ? "bucket-in" : "bucket-out", echo.Header("X-Strangler-Reason"));
        }

        // Many guard intervals later there is still no verdict: the guard does not run.
        await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);
        using var status = System.Text.Json.JsonDocument.Parse(await gateway.Management.GetStringAsync("admin/status", Ct));
        Assert.False(status.RootElement.GetProperty("observe").GetBoolean());
        Assert.All(status.RootElement.GetProperty("features").EnumerateArray(), f => Assert.Equal(System.Text.Json.JsonValueKind.Null, f.GetProperty("guard").ValueKind));
        Assert.DoesNotContain("strangler_gateway_requests_total", await gateway.Management.GetStringAsync("metrics", Ct), StringComparison.Ordinal);
        // Nothing to record into: without observation no feature has outcome windows.
        Assert.All(gateway.Service<Strangler.Gateway.State.RolloutRuntime>().View.Features, f => Assert.Null(f.Windows));
    }

    [Fact]
    public async Task A_clients_trace_context_is_forwarded_unchanged_and_none_is_invented()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout().ToJson());
        // Only what the gateway adds may reach the backend, not a context of this test's own.
        System.Diagnostics.Activity.Current = null;

        using var traced = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
        traced.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", (await SendAsync(gateway, traced)).Header("traceparent"));

        var untraced = await GetAsync(gateway, "api/restaurants", "u1");
        Assert.Null(untraced.Header("traceparent"));
    }

    [Fact]
    public async Task Testers_reach_v4_in_testing_and_opted_out_users_stay_on_v3_in_full()
    {
        var testing = RolloutFile.Restaurants("testing", 0) with { AlwaysV4 = ["tester"] };
        await using (var gateway = await RunningGateway.StartAsync(backends.Rollout(testing).ToJson()))
        {
            Assert.Equal("v4", (await GetAsync(gateway, "api/restaurants", "tester")).Backend);
            Assert.Equal("v3", (await GetAsync(gateway, "api/restaurants", "someone")).Backend);
            Assert.Equal("v3", (await GetAsync(gateway, "api/restaurants", null)).Backend);
        }

        var full = RolloutFile.Restaurants("full", 100) with { NeverV4 = ["legacy-only"] };
        await using (var gateway = await RunningGateway.StartAsync(backends.Rollout(full).ToJson()))
        {
            Assert.Equal("v3", (await GetAsync(gateway, "api/restaurants", "legacy-only")).Backend);
            Assert.Equal("v4", (await GetAsync(gateway, "api/restaurants", "someone")).Backend);
            Assert.Equal("v4", (await GetAsync(gateway, "api/restaurants", null)).Backend);
        }
    }

    [Fact]
    public async Task Anonymous_users_get_a_sticky_cookie_and_keep_their_backend()
    {
        var rollout = backends.Rollout(RolloutFile.Restaurants("partial", 50)) with
        {
            AnonymousPolicy = "{ \"policy\": \"sticky_cookie\", \"cookie\": \"anon\", \"max_age\": \"30d\" }",
        };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson());

        using var first = await gateway.Public.GetAsync("api/restaurants", Ct);
        var setCookie = first.Headers.GetValues("Set-Cookie").Single();
        Assert.Matches("^anon=[A-Za-z0-9_-]{22}; max-age=2592000; path=/; samesite=lax; httponly$", setCookie);
        var cookie = setCookie.Split(';')[0];
        var id = cookie["anon=".Length..];
        var firstEcho = await first.Content.ReadFromJsonAsync<EchoedRequest>(EchoedRequest.Json, Ct);
        Assert.Equal(Bucket.Compute("strangler", id) < 5000 ? "v4" : "v3", firstEcho!.Backend);

        for (var i = 0; i < 5; i++)
        {
            using var again = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
            again.Headers.Add("Cookie", cookie);
            using var response = await gateway.Public.SendAsync(again, Ct);
            Assert.False(response.Headers.Contains("Set-Cookie"));
            var echo = await response.Content.ReadFromJsonAsync<EchoedRequest>(EchoedRequest.Json, Ct);
            Assert.Equal(firstEcho.Backend, echo!.Backend);
        }
    }

    [Fact]
    public async Task The_management_surface_is_not_on_the_public_port()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout().ToJson());
        using var status = await gateway.Management.GetAsync("admin/status", Ct);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);

        foreach (var path in new[] { "admin/status", "admin/events", "admin/series", "healthz", "readyz", "metrics", "dashboard" })
        {
            using var response = await gateway.Public.GetAsync(path, Ct);
            Assert.Equal("v3", response.Headers.GetValues("X-Backend").Single());
        }

        // Mutations neither: they reach the backend as ordinary requests and change nothing here.
        foreach (var path in new[] { "admin/rollback-all", "admin/features/api_v4_restaurants/force" })
        {
            using var response = await gateway.Public.PostAsync(path, new StringContent("{\"percentage\": 0}", System.Text.Encoding.UTF8, "application/json"), Ct);
            Assert.Equal("v3", response.Headers.GetValues("X-Backend").Single());
        }

        Assert.Empty((await gateway.Management.GetFromJsonAsync<System.Text.Json.JsonElement>("admin/events", Ct)).GetProperty("events").EnumerateArray());
    }

    internal static Task<EchoedRequest> GetAsync(RunningGateway gateway, string path, string? user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Add("X-User-Id", user);
        }

        return SendAsync(gateway, request);
    }

    internal static async Task<EchoedRequest> SendAsync(RunningGateway gateway, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await gateway.Public.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<EchoedRequest>(EchoedRequest.Json, Ct))!;
        }
    }
}
