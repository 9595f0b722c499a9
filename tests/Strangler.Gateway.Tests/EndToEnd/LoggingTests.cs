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
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Start(lines, rolloutPath, publicPort, managementPort, "--Serilog:MinimumLevel:Override:Strangler.Gateway.AccessLog=Debug");
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
            Assert.Contains(e.GetProperty("Reason").GetString(), new[] { "bucket-in", "bucket-out" });
            Assert.Equal("GET", e.GetProperty("RequestMethod").GetString());
            Assert.Equal("/api/restaurants/3", e.GetProperty("RequestPath").GetString());
            Assert.Equal(200, e.GetProperty("StatusCode").GetInt32());
            Assert.Equal(Strangler.Gateway.Logging.AccessLog.Category, e.GetProperty("SourceContext").GetString());
            var attempt = Assert.Single(e.GetProperty("Attempts").EnumerateArray());
            Assert.Equal(e.GetProperty("Backend").GetString(), attempt.GetProperty("Backend").GetString());
            Assert.Equal(200, attempt.GetProperty("Status").GetInt32());
            Assert.Equal("success", attempt.GetProperty("Outcome").GetString());
            Assert.True(attempt.GetProperty("ElapsedMs").GetDouble() > 0);
            Assert.StartsWith("GET /api/restaurants/3 -> 200 in ", e.GetProperty("@m").GetString(), StringComparison.Ordinal);
            Assert.Single(lines.Select(Parse), l => l?.TryGetProperty("RequestId", out var id) == true && id.GetString() == "log-test-request-1");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_failed_over_request_is_one_access_line_with_both_attempts()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        v4.ForcedStatus = 503;
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Reviews("full", 100)] };
        var e = await AccessLineAsync(rollout, "api/reviews", "failover-request-1", "the failed-over request's access line");
        var line = e.Line;

        Assert.Single(e.All, l => l.TryGetProperty("RequestId", out var id) && id.GetString() == "failover-request-1"
            && l.TryGetProperty("SourceContext", out var source) && source.GetString() == Strangler.Gateway.Logging.AccessLog.Category);
        Assert.Equal(200, line.GetProperty("StatusCode").GetInt32());
        Assert.Equal("api_v4_reviews", line.GetProperty("Feature").GetString());
        Assert.Equal("v3", line.GetProperty("Backend").GetString());
        Assert.Equal("failover", line.GetProperty("Reason").GetString());
        var attempts = line.GetProperty("Attempts").EnumerateArray().ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.Equal(("v4", 503, "server_error"), (attempts[0].GetProperty("Backend").GetString(), attempts[0].GetProperty("Status").GetInt32(), attempts[0].GetProperty("Outcome").GetString()));
        Assert.Equal(("v3", 200, "success"), (attempts[1].GetProperty("Backend").GetString(), attempts[1].GetProperty("Status").GetInt32(), attempts[1].GetProperty("Outcome").GetString()));
        Assert.All(attempts, a => Assert.True(a.GetProperty("ElapsedMs").GetDouble() > 0));
        Assert.Matches(@"^GET /api/reviews -> 200 in [0-9.]+ ms \(v4 503 server_error [0-9.]+ ms, v3 200 success [0-9.]+ ms\)$", line.GetProperty("@m").GetString());
        Assert.Equal(1, v4.Requests);
        Assert.Equal(1, v3.Requests);
    }

    [Fact]
    public async Task An_event_logged_while_forwarding_carries_the_request_id_and_the_decision_in_force_then()
    {
        await using var v3 = await EchoBackend.StartAsync("v3");
        var deadV4 = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = deadV4, Features = [RolloutFile.Reviews("partial", 100)] };
        var e = await AccessLineAsync(rollout, "api/reviews", "forwarding-error-1", "the failed-over request's access line");

        // YARP's own warning about the refused connection, logged inside the request while it was still v4's.
        var warning = Assert.Single(e.All, l => l.TryGetProperty("RequestId", out var id) && id.GetString() == "forwarding-error-1"
            && l.GetProperty("SourceContext").GetString()!.StartsWith("Yarp.", StringComparison.Ordinal));
        Assert.Equal("Warning", warning.GetProperty("@l").GetString());
        Assert.Equal("api_v4_reviews", warning.GetProperty("Feature").GetString());
        Assert.Equal("v4", warning.GetProperty("Backend").GetString());
        Assert.Equal(Strangler.Bucketing.Bucket.Compute("strangler", "log-user"), warning.GetProperty("Bucket").GetInt32());
        Assert.Equal("bucket-in", warning.GetProperty("Reason").GetString());
        Assert.Equal("failover", e.Line.GetProperty("Reason").GetString());

        // Events outside a public request carry none of it.
        Assert.All(e.All.Where(l => !l.TryGetProperty("RequestId", out _)), l => Assert.False(l.TryGetProperty("Feature", out _), l.ToString()));
    }

    [Fact]
    public async Task A_path_no_feature_claims_gets_an_access_line_as_feature_none()
    {
        var e = await AccessLineAsync(backends.Rollout(RolloutFile.Restaurants("full", 100)), "api/not-migrated/9", "unclaimed-request-1", "the unclaimed request's access line");
        var line = e.Line;

        Assert.Equal("(none)", line.GetProperty("Feature").GetString());
        Assert.Equal("v3", line.GetProperty("Backend").GetString());
        Assert.Equal("no-feature", line.GetProperty("Reason").GetString());
        Assert.Equal("/api/not-migrated/9", line.GetProperty("RequestPath").GetString());
        Assert.Equal(200, line.GetProperty("StatusCode").GetInt32());
        var attempt = Assert.Single(line.GetProperty("Attempts").EnumerateArray());
        Assert.Equal(("v3", 200, "success"), (attempt.GetProperty("Backend").GetString(), attempt.GetProperty("Status").GetInt32(), attempt.GetProperty("Outcome").GetString()));
    }

    /// <summary>Runs the gateway binary with the access log on, sends one GET and returns its access line (and every JSON line).</summary>
    private static async Task<(JsonElement Line, IReadOnlyList<JsonElement> All)> AccessLineAsync(RolloutFile rollout, string path, string requestId, string what)
    {
        var directory = Directory.CreateTempSubdirectory("strangler-logs-").FullName;
        var rolloutPath = Path.Combine(directory, "rollout.json");
        await File.WriteAllTextAsync(rolloutPath, rollout.ToJson(), Ct);
        var (publicPort, managementPort) = (FreePort.Next(), FreePort.Next());
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Start(lines, rolloutPath, publicPort, managementPort, "--Serilog:MinimumLevel:Override:Strangler.Gateway.AccessLog=Debug");
        try
        {
            using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}/") };
            await Eventually.HoldsAsync(async () => await ReadyAsync(management), "the gateway to be ready", TimeSpan.FromSeconds(30));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}/") };
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-User-Id", "log-user");
            request.Headers.Add("X-Request-Id", requestId);
            using (var response = await client.SendAsync(request, Ct))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            }

            var line = await Eventually.ReturnsAsync(() =>
            {
                var found = lines.Select(Parse).FirstOrDefault(e => e?.TryGetProperty("RequestId", out var id) == true && id.GetString() == requestId
                    && e.Value.TryGetProperty("SourceContext", out var source) && source.GetString() == Strangler.Gateway.Logging.AccessLog.Category);
                return Task.FromResult((found is not null, found));
            }, what, TimeSpan.FromSeconds(10));

            // Anything logged for the request is written by now: the access line comes last.
            return (line!.Value, lines.Select(Parse).OfType<JsonElement>().ToList());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_rejected_revision_is_logged_once_at_error_however_often_the_file_is_checked()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-logs-").FullName;
        var rolloutPath = Path.Combine(directory, "rollout.json");
        var good = backends.Rollout(RolloutFile.Restaurants("partial", 50)).ToJson();
        await File.WriteAllTextAsync(rolloutPath, good, Ct);
        var (publicPort, managementPort) = (FreePort.Next(), FreePort.Next());
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Start(lines, rolloutPath, publicPort, managementPort, "--Gateway:ReloadPollInterval=00:00:00.05");
        try
        {
            using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}/") };
            await Eventually.HoldsAsync(async () => await ReadyAsync(management), "the gateway to be ready", TimeSpan.FromSeconds(30));

            await File.WriteAllTextAsync(rolloutPath + ".new", good.Replace("\"percentage\": 50", "\"percentage\": 500", StringComparison.Ordinal), Ct);
            File.Move(rolloutPath + ".new", rolloutPath, overwrite: true);
            await Eventually.HoldsAsync(
                async () => JsonDocument.Parse(await management.GetStringAsync("admin/status", Ct)).RootElement.GetProperty("config_error").ValueKind == JsonValueKind.Object,
                "the rejection to show in status",
                TimeSpan.FromSeconds(10));

            // Asserting that something does not happen needs time to pass: forty poll intervals, plus a
            // touch that sends a file event, all re-reading the same bad revision.
            File.SetLastWriteTimeUtc(rolloutPath, DateTime.UtcNow.AddMinutes(1));
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            await Eventually.HoldsAsync(() => DateTime.UtcNow >= until, "forty poll intervals", TimeSpan.FromSeconds(5));

            var rejected = lines.Select(Parse).OfType<JsonElement>()
                .Where(e => e.TryGetProperty("EventId", out var id) && id.GetProperty("Id").GetInt32() == 101)
                .ToList();
            var only = Assert.Single(rejected);
            Assert.Equal("Error", only.GetProperty("@l").GetString());
            Assert.Contains("$.features.api_v4_restaurants.percentage", only.GetProperty("Errors").GetString(), StringComparison.Ordinal);
            Assert.Equal(rolloutPath, only.GetProperty("RolloutFile").GetString());
            Assert.StartsWith("Rejected ", only.GetProperty("@m").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient management)
    {
        try
        {
            using var response = await management.GetAsync("readyz", Ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The built gateway binary as its own process, every line of its standard output collected.</summary>
    private static Process Start(System.Collections.Concurrent.ConcurrentQueue<string> lines, string rolloutPath, int publicPort, int managementPort, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            GatewayProcess.Binary, $"--Gateway:RolloutFile={rolloutPath}",
            $"--Gateway:PublicUrls=http://127.0.0.1:{publicPort}", $"--Gateway:Management:Urls=http://127.0.0.1:{managementPort}",
        }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        return process;
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
