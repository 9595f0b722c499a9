using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Strangler.LegacyV3;
using Strangler.TestSupport.Hosting;

namespace Strangler.LegacyV3.Tests;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private const string Key = "fault-tests-signing-key-0123456789abcdef";
    private RunningApp _app = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await RunningApp.StartAsync(LegacyV3Host.Build, new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Key,
            ["Faults:Enabled"] = "true",
            ["Faults:Seed"] = "42",
        });
        _client = _app.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_error_rate_of_30_percent_fails_about_30_percent_of_2000_requests()
    {
        await SetAsync(new { path_prefix = "/api/restaurants", error_rate = 0.3, error_status = 503 });

        var failed = 0;
        for (var i = 0; i < 2000; i++)
        {
            using var response = await _client.GetAsync("api/restaurants/1", Ct);
            if ((int)response.StatusCode >= 500)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                Assert.False(body.GetProperty("success").GetBoolean());
                Assert.Equal(503, body.GetProperty("status_code").GetInt32());
                failed++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.InRange(failed / 2000.0, 0.27, 0.33);

        // Other paths are untouched.
        using var other = await _client.GetAsync("api/statistics", Ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Injected_latency_shows_in_response_times()
    {
        await SetAsync(new { path_prefix = "/api/statistics", latency_ms = 200 });

        var slow = await TimeAsync("api/statistics");
        var fast = await TimeAsync("api/restaurants/1");
        Assert.True(slow >= TimeSpan.FromMilliseconds(200), $"slow path took {slow.TotalMilliseconds:0} ms");
        Assert.True(fast < TimeSpan.FromMilliseconds(200), $"unaffected path took {fast.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Abort_closes_the_connection_without_a_response()
    {
        await SetAsync(new { path_prefix = "/api/users", abort_rate = 1.0 });
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync("api/users", Ct));
        using var fine = await _client.GetAsync("api/statistics", Ct);
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task The_control_endpoint_lists_replaces_removes_and_resets_rules()
    {
        await SetAsync(new { path_prefix = "/api/reviews", error_rate = 0.5 });
        await SetAsync(new { path_prefix = "/api/reviews", error_rate = 0.1, latency_ms = 5 });
        await SetAsync(new { path_prefix = "/api", latency_ms = 1 });

        var rules = (await _client.GetFromJsonAsync<JsonElement>("_faults", Ct)).GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(2, rules.Length);
        var reviews = rules.Single(r => r.GetProperty("path_prefix").GetString() == "/api/reviews");
        Assert.Equal(0.1, reviews.GetProperty("error_rate").GetDouble());
        Assert.Equal(503, reviews.GetProperty("error_status").GetInt32());

        using var removed = await _client.DeleteAsync("_faults?path_prefix=/api/reviews", Ct);
        Assert.Equal(1, (await removed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("data").GetArrayLength());
        using var missing = await _client.DeleteAsync("_faults?path_prefix=/nope", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var reset = await _client.DeleteAsync("_faults", Ct);
        Assert.Equal(0, (await reset.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"path_prefix\": \"api\", \"error_rate\": 0.5}", "path_prefix")]
    [InlineData("{\"path_prefix\": \"/api\", \"error_rate\": 1.5}", "error_rate")]
    [InlineData("{\"path_prefix\": \"/api\", \"error_rate\": 0.5, \"error_status\": 404}", "error_status")]
    [InlineData("{\"path_prefix\": \"/api\", \"latency_ms\": 600000}", "latency_ms")]
    [InlineData("{\"path_prefix\": \"/api\", \"abort_rate\": -1}", "abort_rate")]
    [InlineData("{\"path_prefix\": \"/api\"}", "body")]
    [InlineData("{\"path_prefix\": \"/api\", \"eror_rate\": 0.5}", "body")]
    [InlineData("not json", "body")]
    public async Task Invalid_control_input_is_a_400_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("_faults", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(error.GetProperty("details").TryGetProperty(field, out _), error.ToString());
    }

    [Theory]
    [InlineData("{\"path_prefix\": \"/api\", \"error_rate\": \"half\"}", "$.error_rate: must be a number (got a string)")]
    [InlineData("{\"path_prefix\": \"/api\", \"latency_ms\": 1.5}", "$.latency_ms: must be a whole number (got 1.5)")]
    [InlineData("{\"path_prefix\": \"/api\", \"eror_rate\": 0.5}", "$.eror_rate: unknown property 'eror_rate'; expected one of: path_prefix, error_rate, error_status, latency_ms, abort_rate")]
    public async Task A_control_body_of_the_wrong_shape_names_the_json_property_and_type(string body, string expected)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("_faults", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("details").GetProperty("body")[0].GetString()!;
        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Strangler.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configuration_there_is_no_fault_control()
    {
        await using var plain = await RunningApp.StartAsync(LegacyV3Host.Build, new Dictionary<string, string?> { ["Auth:SigningKey"] = Key }, cancellationToken: Ct);
        using var client = plain.CreateClient();
        using var response = await client.GetAsync("_faults", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void The_stub_refuses_to_start_without_a_signing_key()
    {
        var error = Assert.Throws<Strangler.Contracts.Http.BackendStartupException>(() => LegacyV3Host.Build(["--Auth:SigningKey=short"]));
        Assert.Contains("Auth:SigningKey", error.Message, StringComparison.Ordinal);
    }

    private async Task SetAsync(object rule)
    {
        using var response = await _client.PostAsJsonAsync("_faults", rule, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<TimeSpan> TimeAsync(string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await _client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return watch.Elapsed;
    }
}
