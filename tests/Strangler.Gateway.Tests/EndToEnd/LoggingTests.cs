using System.Diagnostics;
using System.Text.Json;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>The gateway process's console output: JSON, one object per line, with request and decision fields.</summary>
public sealed class LoggingTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_are_json_lines_and_a_requests_events_carry_its_id_and_routing_decision()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-logs-").FullName;
        var rolloutPath = Path.Combine(directory, "rollout.json");
        await File.WriteAllTextAsync(rolloutPath, backends.Rollout(RolloutFile.Restaurants("partial", 50)).ToJson(), Ct);
        var (publicPort, managementPort) = (FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            GatewayProcess.Binary, $"--Gateway:RolloutFile={rolloutPath}",
            $"--Gateway:PublicUrls=http://127.0.0.1:{publicPort}", $"--Gateway:Management:Urls=http://127.0.0.1:{managementPort}",
            "--Serilog:MinimumLevel:Override:Strangler.Gateway.AccessLog=Debug",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}/") };
            await Eventually.HoldsAsync(async () =>
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/3");
                    request.Headers.Add("X-User-Id", "log-user");
                    request.Headers.Add("X-Request-Id", "log-test-request-1");
                    using var response = await client.SendAsync(request, Ct);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the gateway to answer", TimeSpan.FromSeconds(30));

            var access = await Eventually.ReturnsAsync(() =>
            {
                var found = lines.Select(Parse).FirstOrDefault(e => e?.TryGetProperty("RequestId", out var id) == true && id.GetString() == "log-test-request-1");
                return Task.FromResult((found is not null, found));
            }, "the request's access log event", TimeSpan.FromSeconds(10));

            Assert.All(lines.Where(l => l.Length > 0), l => Assert.NotNull(Parse(l)));
            var e = access!.Value;
            Assert.Equal("Debug", e.GetProperty("@l").GetString());
            Assert.Equal("api_v4_restaurants", e.GetProperty("Feature").GetString());
            Assert.Contains(e.GetProperty("Backend").GetString(), new[] { "v3", "v4" });
            Assert.Equal(Strangler.Bucketing.Bucket.Compute("strangler", "log-user"), e.GetProperty("Bucket").GetInt32());
            Assert.Contains(e.GetProperty("DecisionReason").GetString(), new[] { "bucket-in", "bucket-out" });
            Assert.Equal("/api/restaurants/3", e.GetProperty("Path").GetString());
            Assert.Equal(200, e.GetProperty("Status").GetInt32());
            Assert.Equal("/api/restaurants/3", e.GetProperty("Path").GetString());
            Assert.StartsWith("GET /api/restaurants/3 -> ", e.GetProperty("@m").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static JsonElement? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
