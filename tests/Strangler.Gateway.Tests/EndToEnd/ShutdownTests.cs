using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>
/// Stopping the gateway: readiness fails first, the public listener keeps serving for the drain
/// period, then it closes while requests in flight finish (docs/operations.md, "Stopping").
/// </summary>
public sealed class ShutdownTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_fails_first_the_listener_serves_through_the_drain_then_closes_while_requests_in_flight_finish()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await RunningGateway.StartAsync(
            backends.Rollout(RolloutFile.Restaurants("full", 100)).ToJson(),
            new Dictionary<string, string?> { ["Gateway:DrainPeriod"] = "00:00:05" },
            services: s => s.AddSingleton<TimeProvider>(time));
        var publicAddress = gateway.App.PublicAddress;
        using var client = new HttpClient { BaseAddress = publicAddress };

        var release = backends.V3.HoldNext();
        var inFlight = client.GetAsync("api/other/held", Ct);
        await Eventually.HoldsAsync(() => backends.V3.Held == 1, "a request in flight at v3", Wait);

        var stopped = gateway.App.StopAsync(Ct);
        await Eventually.HoldsAsync(async () => await ReadinessAsync(gateway) != HttpStatusCode.OK, "readiness to fail", Wait);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadinessAsync(gateway));

        // A client that has not noticed yet is still served, on a fresh connection each time, so
        // that a load balancer moves it to another replica.
        for (var i = 0; i < 20; i++)
        {
            using var late = await client.GetAsync($"api/restaurants/{i}", Ct);
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);
            Assert.True(late.Headers.ConnectionClose, "responses during the drain ask the client to reconnect");
        }

        Assert.False(stopped.IsCompleted);
        Assert.True(await AcceptsConnectionsAsync(publicAddress));

        time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.HoldsAsync(async () => !await AcceptsConnectionsAsync(publicAddress), "the public listener to close", Wait);

        release();
        using var finished = await inFlight;
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        await stopped;
    }

    [Fact]
    public async Task With_a_drain_period_of_zero_the_listener_closes_as_soon_as_readiness_fails()
    {
        await using var gateway = await RunningGateway.StartAsync(
            backends.Rollout().ToJson(),
            new Dictionary<string, string?> { ["Gateway:DrainPeriod"] = "00:00:00" });
        var publicAddress = gateway.App.PublicAddress;

        await gateway.App.StopAsync(Ct);

        Assert.False(await AcceptsConnectionsAsync(publicAddress));
    }

    [Fact]
    public async Task After_SIGTERM_a_client_that_stops_sending_when_readiness_fails_sees_no_failed_request()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-drain-").FullName;
        var rollout = Path.Combine(directory, "rollout.json");
        await File.WriteAllTextAsync(rollout, backends.Rollout(RolloutFile.Restaurants("partial", 50)).ToJson(), Ct);
        await using var process = await GatewayProcess.StartAsync(rollout);
        using var client = new HttpClient { BaseAddress = process.PublicAddress, Timeout = Wait };
        using var probe = new HttpClient { BaseAddress = process.ManagementAddress, Timeout = TimeSpan.FromSeconds(2) };

        // About 100 requests/s, like the traffic that lost a third of its requests.
        using var notReady = new CancellationTokenSource();
        var (sent, failed, sentAfterSignal) = (0, 0, 0);
        var signalled = false;
        var traffic = Task.Run(async () =>
        {
            for (var i = 0; !notReady.IsCancellationRequested; i++)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"api/restaurants/{i}");
                    request.Headers.Add("X-User-Id", $"user-{i}");
                    using var response = await client.SendAsync(request, Ct);
                    failed += response.IsSuccessStatusCode ? 0 : 1;
                }
                catch (HttpRequestException)
                {
                    failed++;
                }

                sent++;
                sentAfterSignal += Volatile.Read(ref signalled) ? 1 : 0;
                await Task.Delay(TimeSpan.FromMilliseconds(10), Ct);
            }
        }, Ct);
        await Eventually.HoldsAsync(() => Volatile.Read(ref sent) >= 50, "traffic to flow", Wait);

        process.Terminate();
        Volatile.Write(ref signalled, true);

        // The client's health check: every 500 ms and, like a Kubernetes readiness probe, three
        // failures in a row before it stops sending, so traffic goes on for over a second after
        // readiness fails. The drain period is what makes that safe.
        for (var failures = 0; failures < 3;)
        {
            failures = await IsReadyAsync(probe) ? 0 : failures + 1;
            await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        }

        await notReady.CancelAsync();
        await traffic;

        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        Assert.Equal(0, failed);
        Assert.True(sentAfterSignal > 0, "requests were sent after the signal");
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<HttpStatusCode?> ReadinessAsync(RunningGateway gateway)
    {
        try
        {
            using var response = await gateway.Management.GetAsync("readyz", Ct);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<bool> IsReadyAsync(HttpClient probe)
    {
        try
        {
            using var response = await probe.GetAsync("readyz", Ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(Uri address)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(address.Host, address.Port, Ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
