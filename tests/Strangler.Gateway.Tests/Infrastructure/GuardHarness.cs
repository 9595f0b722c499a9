using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.LegacyV3;
using Strangler.TestSupport.Hosting;
using Microsoft.Extensions.Time.Testing;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A gateway on a fake clock in front of two real backends with fault control: the legacy stub as
/// v3 and a second stub instance under /api/v4 as v4. Each simulated second sends real requests,
/// then moves the clock one second and waits for the guard's evaluation of that second.
/// </summary>
internal sealed class GuardHarness : IAsyncDisposable
{
    public const string Key = "guard-harness-signing-key-0123456789abcdef";

    private readonly RunningApp _v3;
    private readonly RunningApp _v4;
    private int _requestCounter;

    private GuardHarness(RunningApp v3, RunningApp v4, RunningGateway gateway, FakeTimeProvider time)
    {
        _v3 = v3;
        _v4 = v4;
        Gateway = gateway;
        Time = time;
    }

    public RunningGateway Gateway { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient V4Control => _v4.CreateClient();

    /// <param name="v4">Another v4 than the stub under /api/v4 (the harness disposes it).</param>
    public static async Task<GuardHarness> StartAsync(
        Func<Uri, Uri, string> rollout, string? directory = null, FakeTimeProvider? time = null, Dictionary<string, string?>? settings = null, RunningApp? v4 = null)
    {
        var v3 = await StartStubAsync("/api", "v3");
        v4 ??= await StartStubAsync("/api/v4", "v4");
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var gateway = await RunningGateway.StartAsync(
            rollout(v3.BaseAddress, v4.BaseAddress),
            settings: settings,
            services: services => services.AddSingleton<TimeProvider>(time),
            directory: directory);
        return new GuardHarness(v3, v4, gateway, time);
    }

    public static Task<RunningApp> StartStubAsync(string prefix, string name) =>
        RunningApp.StartAsync(LegacyV3Host.Build, new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Key,
            ["Stub:Prefix"] = prefix,
            ["Stub:BackendName"] = name,
            ["Faults:Enabled"] = "true",
            ["Faults:Seed"] = "7",
        });

    public Task SetFaultAsync(bool onV4, double errorRate, int status = 500, string prefix = "/api")
    {
        var app = onV4 ? _v4 : _v3;
        return SetFaultAsync(app, onV4 ? prefix + "/v4" : prefix, errorRate, status);
    }

    /// <summary>Makes every v4 request take <paramref name="latencyMs"/> longer (0: no delay).</summary>
    public async Task SetV4LatencyAsync(int latencyMs)
    {
        using var client = _v4.CreateClient();
        using var response = latencyMs <= 0
            ? await client.DeleteAsync("_faults", TestContext.Current.CancellationToken)
            : await client.PostAsJsonAsync("_faults", new { path_prefix = "/api/v4", latency_ms = latencyMs }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// How many of a second's requests are in flight at once. The guard judges measured latency too,
    /// so the traffic must not queue behind itself: hundreds of requests started at once on a busy
    /// two-core machine reached a p95 of 700 ms and tripped the latency rule in tests about errors.
    /// </summary>
    private const int ConcurrentClients = 8;

    /// <summary>Sends <paramref name="requests"/> GETs from distinct users, then advances the clock one second and waits for the guard.</summary>
    public async Task<JsonElement> SecondAsync(int requests, string path = "api/restaurants/1")
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentClients, CancellationToken = TestContext.Current.CancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, requests), options, async (_, cancellationToken) =>
        {
            var n = Interlocked.Increment(ref _requestCounter);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-User-Id", $"user-{n % 5000}");
            using var response = await Gateway.Public.SendAsync(request, cancellationToken);
        });
        return await AdvanceAsync(TimeSpan.FromSeconds(1));
    }

    /// <summary>Moves the fake clock and waits until the guard has evaluated at the new time.</summary>
    public async Task<JsonElement> AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        var now = Time.GetUtcNow();
        return await Gateway.WaitForStatusAsync(
            s => s.GetProperty("features").EnumerateArray().All(f =>
                f.GetProperty("guard").ValueKind == JsonValueKind.Object
                && f.GetProperty("guard").GetProperty("evaluated_at").GetDateTimeOffset() >= now),
            "the guard to evaluate at " + now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    public static JsonElement Feature(JsonElement status, string name = GuardProbe.Restaurants) => GuardProbe.Feature(status, name);

    public Task<JsonElement[]> EventsAsync(string? kind = null) => GuardProbe.EventsAsync(Gateway, kind);

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await _v4.DisposeAsync();
        await _v3.DisposeAsync();
    }

    public static async Task SetFaultAsync(RunningApp app, string prefix, double errorRate, int status = 500)
    {
        using var client = app.CreateClient();
        if (errorRate <= 0)
        {
            using var reset = await client.DeleteAsync("_faults", TestContext.Current.CancellationToken);
            reset.EnsureSuccessStatusCode();
            return;
        }

        using var response = await client.PostAsJsonAsync("_faults", new { path_prefix = prefix, error_rate = errorRate, error_status = status }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A rollout with the restaurants feature only, plus raw extra members for it.</summary>
    public static Func<Uri, Uri, string> Restaurants(string stage, decimal percentage, string extra = "", string defaults = "") => (v3, v4) => $$"""
        {
          "backends": { "v3": { "destinations": ["{{v3}}"] }, "v4": { "destinations": ["{{v4}}"] } },
          {{(defaults.Length > 0 ? $"\"defaults\": {{ {defaults} }}," : string.Empty)}}
          "features": {
            "api_v4_restaurants": {
              "routes": [{ "path": "/api/restaurants", "v4_path": "/api/v4/restaurants" }],
              "stage": "{{stage}}",
              "percentage": {{percentage.ToString(System.Globalization.CultureInfo.InvariantCulture)}},
              {{extra}}
            }
          }
        }
        """;
}
