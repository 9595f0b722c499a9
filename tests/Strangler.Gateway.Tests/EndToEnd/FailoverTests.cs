using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Net;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>Idempotent requests that v4 fails are retried once on v3; others never are.</summary>
public sealed class FailoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_the_v4_destination_down_at_50_percent_no_GET_fails()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        var deadV4 = new Uri($"http://127.0.0.1:{Strangler.TestSupport.Net.FreePort.Next()}/");
        // A fake clock: the 100 requests fall in one second, and the guard judges that second only
        // when the clock moves on (on the real clock it may judge, and revert, after a few of them).
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await RunningGateway.StartAsync(
            new RolloutFile { V3 = v3.BaseAddress, V4 = deadV4, Features = [RolloutFile.Restaurants("partial", 50)] }.ToJson(),
            services: services => services.AddSingleton<TimeProvider>(time));

        for (var i = 0; i < 100; i++)
        {
            using var request = new HttpRequestMessage(i % 2 == 0 ? HttpMethod.Get : HttpMethod.Head, $"api/restaurants/{i}");
            request.Headers.Add("X-User-Id", $"user-{i}");
            using var response = await gateway.Public.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("v3", response.Headers.GetValues("X-Backend").Single());
        }

        Assert.Equal(100, v3.Requests);

        // The v4 failures still count in v4's window, so the guard sees them: the evaluation of the
        // second that held the 100 requests judged all of them.
        time.Advance(TimeSpan.FromSeconds(1));
        var now = time.GetUtcNow();
        var status = await gateway.WaitForStatusAsync(
            s => s.GetProperty("features")[0].GetProperty("guard") is { ValueKind: System.Text.Json.JsonValueKind.Object } g
                && g.GetProperty("evaluated_at").GetDateTimeOffset() >= now,
            "a guard evaluation of the second that held every request");
        var guard = status.GetProperty("features")[0].GetProperty("guard");
        Assert.Equal(guard.GetProperty("v4").GetProperty("requests").GetInt64(), guard.GetProperty("v4").GetProperty("errors").GetInt64());
        Assert.Equal(100, guard.GetProperty("v3").GetProperty("requests").GetInt64());
        Assert.InRange(guard.GetProperty("v4").GetProperty("errors").GetInt64(), 20, 80);
    }

    [Fact]
    public async Task A_503_from_v4_is_retried_on_v3_and_the_client_never_sees_it()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        v4.ForcedStatus = 503;
        await using var gateway = await RunningGateway.StartAsync(new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("full", 100)] }.ToJson());

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/5");
        request.Headers.Add("X-User-Id", "u");
        using var response = await gateway.Public.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<EchoedRequest>(response.Content, EchoedRequest.Json, Ct);
        Assert.Equal("v3", echo!.Backend);
        Assert.Equal("/api/restaurants/5", echo.RawTarget);
        Assert.Equal("failover", echo.Header("X-Strangler-Reason"));
        Assert.Equal("v4-failed", echo.Header("X-Strangler-Failover"));
        Assert.Equal(1, v4.Requests);

        v4.ForcedStatus = 500;
        using var again = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/5");
        again.Headers.Add("X-User-Id", "u");
        using var failed = await gateway.Public.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("v4", failed.Headers.GetValues("X-Backend").Single());
    }

    [Fact]
    public async Task A_POST_reaches_a_backend_at_most_once_and_a_failed_one_returns_502()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        var deadV4 = new Uri($"http://127.0.0.1:{Strangler.TestSupport.Net.FreePort.Next()}/");
        await using var gateway = await RunningGateway.StartAsync(new RolloutFile { V3 = v3.BaseAddress, V4 = deadV4, Features = [RolloutFile.Restaurants("full", 100)] }.ToJson());

        for (var i = 0; i < 10; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/restaurants") { Content = new StringContent("{\"name\": \"x\"}", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-User-Id", $"writer-{i}");
            using var response = await gateway.Public.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        Assert.Equal(0, v3.Requests);

        await using var v4 = await EchoBackend.StartAsync("v4");
        v4.ForcedStatus = 503;
        await using var second = await RunningGateway.StartAsync(new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("full", 100)] }.ToJson());
        using var post = new HttpRequestMessage(HttpMethod.Post, "api/restaurants") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        post.Headers.Add("X-User-Id", "writer");
        using var posted = await second.Public.SendAsync(post, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);
        Assert.Equal((1, 0), (v4.Requests, v3.Requests));
    }

    [Theory]
    [InlineData("POST", "/api/restaurants")]
    [InlineData("DELETE", "/api/restaurants/7")]
    [InlineData("PUT", "/api/restaurants/7")]
    public async Task A_request_without_a_body_that_v4_takes_and_drops_reaches_v4_once_and_gets_502(string method, string path)
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = ClosingBackend.Start();
        await using var gateway = await RunningGateway.StartAsync(new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("full", 100)] }.ToJson());

        // No Content-Length: the way curl -X POST and most clients send a request without a body.
        var response = await RawHttp.SendAsync(gateway.App.PublicAddress, $"{method} {path} HTTP/1.1\r\nX-User-Id: writer\r\n", string.Empty, Ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.Status);
        Assert.Equal((1, 0), (v4.Requests, v3.Requests));
    }

    [Fact]
    public async Task A_GET_that_v4_takes_and_drops_reaches_v4_once_and_v3_once()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = ClosingBackend.Start();
        await using var gateway = await RunningGateway.StartAsync(new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("full", 100)] }.ToJson());

        for (var i = 1; i <= 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/7");
            request.Headers.Add("X-User-Id", "reader");
            using var response = await gateway.Public.SendAsync(request, Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("v3", response.Headers.GetValues("X-Backend").Single());
            Assert.Equal((i, i), (v4.Requests, v3.Requests));
        }
    }

    [Fact]
    public async Task Failover_can_be_turned_off_per_feature()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        var deadV4 = new Uri($"http://127.0.0.1:{Strangler.TestSupport.Net.FreePort.Next()}/");
        var feature = RolloutFile.Restaurants("full", 100) with { Extra = "\"failover\": false," };
        await using var gateway = await RunningGateway.StartAsync(new RolloutFile { V3 = v3.BaseAddress, V4 = deadV4, Features = [feature] }.ToJson());
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
        request.Headers.Add("X-User-Id", "u");
        using var response = await gateway.Public.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(0, v3.Requests);
    }
}
