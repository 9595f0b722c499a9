using System.Net;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>
/// A backend closing its connection is an error only when it closes after a request without
/// answering (FailoverTests); every other close is ordinary HTTP and costs the client nothing.
/// </summary>
public sealed class BackendConnectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_answer_whose_body_ends_with_the_connection_reaches_the_client_whole()
    {
        // HTTP/1.1 lets a body without Content-Length or chunking end where the server closes.
        await using var v3 = ClosingBackend.Start("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nthe whole body, ended by the close");
        await using var gateway = await RunningGateway.StartAsync(new RolloutFile { V3 = v3.BaseAddress, V4 = v3.BaseAddress, Features = [RolloutFile.Restaurants("disabled", 0)] }.ToJson());

        for (var i = 1; i <= 3; i++)
        {
            using var response = await gateway.Public.GetAsync("api/other", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("the whole body, ended by the close", await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal(i, v3.Requests);
        }
    }

    [Fact]
    public async Task A_pooled_connection_the_backend_closed_while_idle_is_replaced_and_nothing_is_sent_twice()
    {
        // Kept alive by the answer, then closed by the backend before the gateway uses it again.
        await using var v3 = ClosingBackend.Start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        await using var gateway = await RunningGateway.StartAsync(new RolloutFile { V3 = v3.BaseAddress, V4 = v3.BaseAddress, Features = [RolloutFile.Restaurants("disabled", 0)] }.ToJson());

        for (var i = 1; i <= 5; i++)
        {
            var response = await RawHttp.SendAsync(gateway.App.PublicAddress, "POST /api/other HTTP/1.1\r\n", string.Empty, Ct);
            Assert.Equal((HttpStatusCode.OK, "ok"), (response.Status, response.Body));
            Assert.Equal(i, v3.Requests);

            // The close must come before the next request: one that crosses a request on its way
            // is the unanswered request of FailoverTests, which fails instead.
            await Eventually.HoldsAsync(() => v3.Closed == i, "the backend to close the idle connection", TimeSpan.FromSeconds(10));
        }
    }
}
