using System.Net;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Net;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>Backends with several destinations: balanced, and a dead one taken out of rotation.</summary>
public sealed class DestinationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_are_balanced_across_destinations_and_a_dead_one_is_taken_out_of_rotation()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var first = await EchoBackend.StartAsync("v4");
        await using var second = await EchoBackend.StartAsync("v4");
        var dead = $"http://127.0.0.1:{FreePort.Next()}/";
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = first.BaseAddress, Features = [RolloutFile.Restaurants("full", 100)] }
            .ToJson()
            .Replace($"\"{first.BaseAddress}\"", $"\"{first.BaseAddress}\", \"{second.BaseAddress}\", \"{dead}\"", StringComparison.Ordinal);
        await using var gateway = await RunningGateway.StartAsync(rollout);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 300; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants");
            request.Headers.Add("X-User-Id", $"u{i}");
            using var response = await gateway.Public.SendAsync(request, Ct);
            statuses.Add(response.StatusCode);
        }

        // Failover hides the dead destination from clients; passive health checks then stop using it.
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(first.Requests > 50 && second.Requests > 50, $"{first.Requests} / {second.Requests}");
        Assert.True(v3.Requests < 60, $"{v3.Requests} requests failed over to v3: the dead destination stayed in rotation");
    }
}
