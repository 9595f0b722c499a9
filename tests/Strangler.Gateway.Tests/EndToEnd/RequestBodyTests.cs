using System.Net;
using System.Text.Json;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>
/// A body the gateway will not accept is refused before anything is forwarded when its size is
/// declared; one that turns out too large or malformed on the way reaches the backend as an
/// incomplete request (docs/operations.md, "Request bodies").
/// </summary>
public sealed class RequestBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("v3", "30000001")]
    [InlineData("v4", "30000001")]
    [InlineData("v3", "9223372036854775807")]
    public async Task A_declared_body_over_the_limit_is_refused_with_413_before_anything_reaches_a_backend(string backend, string contentLength)
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var stage = backend == "v4" ? "full" : "disabled";
        await using var gateway = await RunningGateway.StartAsync(new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Reviews(stage, 100)] }.ToJson());

        var response = await RawHttp.SendAsync(
            gateway.App.PublicAddress,
            $"POST /api/reviews HTTP/1.1\r\nX-User-Id: 1\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\n",
            "{}",
            Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        using var body = JsonDocument.Parse(response.Body);
        Assert.False(body.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal(413, body.RootElement.GetProperty("status_code").GetInt32());
        Assert.Contains(contentLength, body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("30000000", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 0), (v3.Requests, v4.Requests));
    }

    [Fact]
    public async Task The_limit_is_the_MaxRequestBodySize_setting_and_a_body_within_it_passes()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var gateway = await RunningGateway.StartAsync(
            new RolloutFile { V3 = v3.BaseAddress, V4 = v3.BaseAddress, Features = [RolloutFile.Reviews()] }.ToJson(),
            new Dictionary<string, string?> { ["Gateway:MaxRequestBodySize"] = "1024" });

        var within = await RawHttp.SendAsync(gateway.App.PublicAddress, "POST /api/reviews HTTP/1.1\r\nContent-Length: 1024\r\n", new string('a', 1024), Ct);
        Assert.Equal(HttpStatusCode.OK, within.Status);
        Assert.Equal(new ReceivedBody(1024, true, null), Assert.Single(v3.Bodies));

        var over = await RawHttp.SendAsync(gateway.App.PublicAddress, "POST /api/reviews HTTP/1.1\r\nContent-Length: 1025\r\n", new string('a', 1025), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.Status);
        Assert.Contains("1024", over.Body, StringComparison.Ordinal);
        Assert.Equal(1, v3.Requests);
    }

    [Fact]
    public async Task A_chunked_body_that_grows_past_the_limit_reaches_the_backend_as_an_incomplete_request()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var gateway = await RunningGateway.StartAsync(
            new RolloutFile { V3 = v3.BaseAddress, V4 = v3.BaseAddress, Features = [RolloutFile.Reviews()] }.ToJson(),
            new Dictionary<string, string?> { ["Gateway:MaxRequestBodySize"] = "1024" });

        var response = await RawHttp.SendAsync(
            gateway.App.PublicAddress,
            "POST /api/reviews HTTP/1.1\r\nTransfer-Encoding: chunked\r\n",
            $"400\r\n{new string('a', 1024)}\r\n10\r\n{new string('b', 16)}\r\n0\r\n\r\n",
            Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        var seen = await Eventually.ReturnsAsync(
            () => Task.FromResult((v3.Bodies.Count == 1, v3.Bodies.SingleOrDefault())),
            "the backend to finish reading the forwarded body",
            TimeSpan.FromSeconds(10));
        Assert.False(seen!.Complete);
        Assert.InRange(seen.Length, 0, 1024);
    }

    [Fact]
    public async Task A_chunked_body_with_broken_framing_reaches_the_backend_as_an_incomplete_request()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var gateway = await RunningGateway.StartAsync(new RolloutFile { V3 = v3.BaseAddress, V4 = v3.BaseAddress, Features = [RolloutFile.Reviews()] }.ToJson());

        var response = await RawHttp.SendAsync(gateway.App.PublicAddress, "POST /api/reviews HTTP/1.1\r\nTransfer-Encoding: chunked\r\n", "5\r\nhello\r\nzz\r\n", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var seen = await Eventually.ReturnsAsync(
            () => Task.FromResult((v3.Bodies.Count == 1, v3.Bodies.SingleOrDefault())),
            "the backend to finish reading the forwarded body",
            TimeSpan.FromSeconds(10));
        Assert.False(seen!.Complete);
        Assert.InRange(seen.Length, 0, 5);
    }
}
