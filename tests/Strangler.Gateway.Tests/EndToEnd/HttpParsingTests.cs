using System.Net;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Net;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>
/// The public listener parses HTTP/1.1 strictly, so it never reads a request differently from a
/// strict proxy in front of it: what such a proxy forwards as one header is never two here.
/// </summary>
public sealed class HttpParsingTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET /api/restaurants/7 HTTP/1.1\r\nX-User-Id: 1\nX-Injected: 1\r\n")]
    [InlineData("GET /api/restaurants/7 HTTP/1.1\nX-User-Id: 1\r\n")]
    [InlineData("GET /api/restaurants/7 HTTP/1.1\r\nX-User-Id: 1\r\nX-Injected: 1\n")]
    public async Task A_bare_LF_line_terminator_is_refused_with_400_before_any_backend(string head)
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("full", 100)).ToJson());
        var before = (backends.V3.Requests, backends.V4.Requests);

        var response = await RawHttp.SendAsync(gateway.App.PublicAddress, head, string.Empty, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(before, (backends.V3.Requests, backends.V4.Requests));
    }

    [Theory]
    [InlineData("GET /api/restaurants/7\u0001 HTTP/1.1\r\n")]
    [InlineData("GET /api/restaurants/\u001b[2J7 HTTP/1.1\r\n")]
    [InlineData("GET /api/restaurants?q=\u007f HTTP/1.1\r\n")]
    public async Task A_raw_control_character_in_the_target_is_refused_with_400_before_any_backend(string requestLine)
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("full", 100)).ToJson());
        var before = (backends.V3.Requests, backends.V4.Requests);

        var response = await RawHttp.SendAsync(gateway.App.PublicAddress, requestLine + "X-User-Id: 1\r\n", string.Empty, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("control character", response.Body, StringComparison.Ordinal);
        Assert.Equal(before, (backends.V3.Requests, backends.V4.Requests));
    }

    [Fact]
    public async Task A_well_formed_request_still_passes()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("full", 100)).ToJson());

        var response = await RawHttp.SendAsync(gateway.App.PublicAddress, "GET /api/restaurants/7 HTTP/1.1\r\nX-User-Id: 1\r\nX-Extra: a\r\n", string.Empty, Ct);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("v4", response.Headers["x-backend"]);
    }
}
