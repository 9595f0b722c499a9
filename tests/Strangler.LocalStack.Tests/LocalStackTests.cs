using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Strangler.TestSupport.Files;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Waiting;

namespace Strangler.LocalStack.Tests;

/// <summary>The README's walk-through, run against the real stack: three processes on free ports.</summary>
public sealed class LocalStackTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("local-stack-test-");
    private readonly StringWriter _written = new();
    private readonly TextWriter _output;

    public LocalStackTests() => _output = TextWriter.Synchronized(_written);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_walk_through_works_a_fault_on_v4_is_reverted_and_ctrl_c_stops_every_service()
    {
        var (v3, v4, publicUrl, management) = (Loopback(), Loopback(), Loopback(), Loopback());
        var rollout = Path.Combine(_directory.FullName, "rollout.json");
        var sample = await File.ReadAllTextAsync(RepositoryRoot.File("rollout.json"), Ct);
        Assert.Contains("http://127.0.0.1:5003", sample, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5004", sample, StringComparison.Ordinal);
        await File.WriteAllTextAsync(rollout, sample.Replace("http://127.0.0.1:5003", Origin(v3), StringComparison.Ordinal).Replace("http://127.0.0.1:5004", Origin(v4), StringComparison.Ordinal), Ct);

        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => LocalStack.RunAsync(new StackOptions(rollout, publicUrl, management, 100), _output, stop.Token), Ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await Eventually.HoldsAsync(() => run.IsCompleted || Written.Contains("Strangler local stack is up.", StringComparison.Ordinal), "the stack to come up", TimeSpan.FromSeconds(120));
            Assert.False(run.IsCompleted, "the stack stopped while starting:\n" + Written);
            Assert.Contains(management + "dashboard", Written, StringComparison.Ordinal);
            Assert.Contains("export ADMIN_TOKEN=", Written, StringComparison.Ordinal);

            // A client call through the gateway, and the dashboard page.
            using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(publicUrl, "api/restaurants/7")))
            {
                request.Headers.Add("X-User-Id", "42");
                using var response = await http.SendAsync(request, Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains(response.Headers.GetValues("X-Backend").Single(), new[] { "v3", "v4" });
            }

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(management, "dashboard"), Ct)).StatusCode);

            // The synthetic traffic reaches both backends for the 10 % restaurants feature.
            await Eventually.HoldsAsync(
                async () => Restaurants(await StatusAsync(http, management)) is var f
                    && f.GetProperty("guard") is { ValueKind: JsonValueKind.Object } g
                    && g.GetProperty("v4").GetProperty("requests").GetInt64() > 20 && g.GetProperty("v3").GetProperty("requests").GetInt64() > 100,
                "traffic on both backends",
                TimeSpan.FromSeconds(60));

            // Inject 30 % errors on v4 as the README says; the guard takes the feature back to 0 %.
            using (var fault = await http.PostAsync(new Uri(v4, "_faults"), Json("""{"path_prefix": "/api/v4/restaurants", "error_rate": 0.3}"""), Ct))
            {
                Assert.Equal(HttpStatusCode.OK, fault.StatusCode);
            }

            await Eventually.HoldsAsync(
                async () => Restaurants(await StatusAsync(http, management)).GetProperty("effective").GetProperty("percentage").GetDecimal() == 0m,
                "the guard to revert api_v4_restaurants to 0 %",
                TimeSpan.FromSeconds(90));
            using (var events = JsonDocument.Parse(await http.GetStringAsync(new Uri(management, "admin/events"), Ct)))
            {
                var reverts = events.RootElement.GetProperty("events").EnumerateArray()
                    .Where(e => e.GetProperty("kind").GetString() == "revert" && e.GetProperty("feature").GetString() == "api_v4_restaurants").ToList();
                Assert.NotEmpty(reverts);
                Assert.All(reverts, e => Assert.Equal("guard", e.GetProperty("actor").GetString()));
                Assert.Equal(0m, reverts[0].GetProperty("to").GetDecimal());
            }

            // Clear the fault and resume: back to what rollout.json says.
            (await http.DeleteAsync(new Uri(v4, "_faults"), Ct)).EnsureSuccessStatusCode();
            (await http.PostAsync(new Uri(management, "admin/features/api_v4_restaurants/resume"), Json("""{"reason": "fault cleared"}"""), Ct)).EnsureSuccessStatusCode();
            Assert.Equal(10m, Restaurants(await StatusAsync(http, management)).GetProperty("effective").GetProperty("percentage").GetDecimal());
        }
        finally
        {
            // Ctrl+C.
            await stop.CancelAsync();
        }

        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60), Ct));
        Assert.True(finished == run, "the stack did not stop within 60 s:\n" + Written);
        Assert.Equal(0, await run);
        Assert.Contains("local-stack: stopped v3, v4, gateway", Written, StringComparison.Ordinal);
        Assert.Matches(@"traffic \| total \d+ requests", Written);
        foreach (var url in new[] { v3, v4, publicUrl, management })
        {
            Assert.True(IsFree(url), $"{url} is still taken after the stack stopped");
        }
    }

    [Fact]
    public async Task A_port_in_use_is_named_and_nothing_is_started()
    {
        var (v3, v4, management) = (Loopback(), Loopback(), Loopback());
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var publicUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)busy.LocalEndpoint).Port}/");
        var rollout = Path.Combine(_directory.FullName, "rollout.json");
        await File.WriteAllTextAsync(rollout, $$"""{ "backends": { "v3": { "destinations": ["{{Origin(v3)}}"] }, "v4": { "destinations": ["{{Origin(v4)}}"] } } }""", Ct);

        var code = await LocalStack.RunAsync(new StackOptions(rollout, publicUrl, management, 0), _output, Ct);

        Assert.Equal(1, code);
        Assert.Contains($"{publicUrl} is already in use; it is the gateway's public port (--public-url)", Written, StringComparison.Ordinal);
        Assert.DoesNotContain("|", Written, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _directory.Delete(recursive: true);
        _written.Dispose();
    }

    /// <summary>
    /// What the stack printed so far. The synchronized writer locks on itself for every write
    /// (MethodImplOptions.Synchronized), so reading under the same lock never sees a StringBuilder
    /// half-way through an append (which threw from ToString while the traffic summary was written).
    /// </summary>
    private string Written
    {
        get
        {
            lock (_output)
            {
                return _written.ToString();
            }
        }
    }

    private static Uri Loopback() => new($"http://127.0.0.1:{FreePort.Next()}/");

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> StatusAsync(HttpClient http, Uri management) =>
        JsonDocument.Parse(await http.GetStringAsync(new Uri(management, "admin/status"), Ct)).RootElement;

    private static JsonElement Restaurants(JsonElement status) =>
        status.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "api_v4_restaurants");

    private static bool IsFree(Uri url)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, url.Port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
