using System.Net.Http.Json;
using System.Text.Json;
using Strangler.Gateway.Tests.EndToEnd;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// Several real gateway processes sharing one rollout file and one Redis (each through its own
/// endpoint, so a test can put a forwarder in front of one), each with its own state file.
/// </summary>
internal sealed class FleetReplicas : IAsyncDisposable
{
    public const string Feature = "api_v4_restaurants";

    private readonly string _directory;
    private readonly List<GatewayProcess> _processes = [];
    private readonly List<HttpClient> _admin = [];

    private FleetReplicas(string directory) => _directory = directory;

    public IReadOnlyList<GatewayProcess> Processes => _processes;

    public string Directory => _directory;

    public static Task<FleetReplicas> StartAsync(EchoBackendsFixture backends, string fleetName, params string[] redisEndpoints) =>
        LaunchAsync(backends, fleetName, redisEndpoints,
            // The guard stays out of these stories: operators and outages move the state.
            "--Gateway:Observe=false");

    /// <summary>Replicas with the guard off and extra settings (command-line form, e.g. "--Gateway:Webhooks:0:Url=...").</summary>
    public static Task<FleetReplicas> StartWithSettingsAsync(EchoBackendsFixture backends, string fleetName, IReadOnlyList<string> settings, params string[] redisEndpoints) =>
        LaunchAsync(backends, fleetName, redisEndpoints, ["--Gateway:Observe=false", .. settings]);

    /// <summary>Replicas with the guard on (so one of them leads it) and the given leader lease; Redis calls time out after half of it.</summary>
    public static Task<FleetReplicas> StartJudgingAsync(EchoBackendsFixture backends, string fleetName, string redis, int replicas, TimeSpan lease) =>
        LaunchAsync(backends, fleetName, Enumerable.Repeat(redis, replicas).ToArray(),
            "--Gateway:Observe=true",
            $"--Gateway:Fleet:LeaseDuration={lease}",
            $"--Gateway:Fleet:Timeout={lease / 2}");

    private static async Task<FleetReplicas> LaunchAsync(EchoBackendsFixture backends, string fleetName, string[] redisEndpoints, params string[] settings)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("strangler-fleet-").FullName;
        var rollout = Path.Combine(directory, "rollout.json");
        await File.WriteAllTextAsync(rollout, backends.Rollout(RolloutFile.Restaurants("partial", 10)).ToJson());
        var fleet = new FleetReplicas(directory);
        try
        {
            for (var i = 0; i < redisEndpoints.Length; i++)
            {
                await fleet.AddAsync(rollout, fleetName, $"r{i + 1}", redisEndpoints[i], settings);
            }
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }

        return fleet;
    }

    public HttpClient Admin(int replica) => _admin[replica];

    public static async Task<HttpResponseMessage> PostAsync(HttpClient admin, string action, object body) =>
        await admin.PostAsJsonAsync($"admin/features/{Feature}/{action}", body);

    public static async Task<JsonElement> StatusAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("admin/status");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    public static JsonElement Effective(JsonElement status) => status.GetProperty("features")[0].GetProperty("effective");

    public static async Task<JsonElement[]> EventsAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync($"admin/events?feature={Feature}");
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("events").EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>Polls one replica's status until <paramref name="holds"/> is true for it.</summary>
    public static Task<JsonElement> UntilAsync(HttpClient admin, Func<JsonElement, bool> holds, string what, TimeSpan timeout) =>
        Eventually.ReturnsAsync(
            async () =>
            {
                var status = await StatusAsync(admin);
                return (holds(status), status);
            },
            what,
            timeout);

    public static bool HasPercentage(JsonElement status, decimal percentage) => Effective(status).GetProperty("percentage").GetDecimal() == percentage;

    public static string FleetStatus(JsonElement status) => status.GetProperty("fleet").GetProperty("status").GetString()!;

    /// <summary>The fleet's guard leadership as one replica's status shows it.</summary>
    public static (string? Leader, long Epoch, string Role) Leadership(JsonElement status)
    {
        var guard = status.GetProperty("fleet").GetProperty("guard");
        return (guard.GetProperty("leader").GetString(), guard.GetProperty("epoch").GetInt64(), guard.GetProperty("role").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _admin)
        {
            client.Dispose();
        }

        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task AddAsync(string rollout, string fleetName, string id, string redis, string[] settings)
    {
        var process = await GatewayProcess.StartAsync(
            rollout,
            [
                $"--Gateway:StateFile={Path.Combine(_directory, id + ".state.json")}",
                $"--Gateway:Fleet:Redis={redis}",
                $"--Gateway:Fleet:Name={fleetName}",
                $"--Gateway:Fleet:ReplicaId={id}",
                .. settings,
            ]);
        _processes.Add(process);
        var admin = new HttpClient { BaseAddress = process.ManagementAddress, Timeout = TimeSpan.FromSeconds(10) };
        _admin.Add(admin);
        // The tests time propagation by polling status: its first call (compiling the endpoint on
        // a busy machine) must not count as propagation.
        await StatusAsync(admin);
    }
}
