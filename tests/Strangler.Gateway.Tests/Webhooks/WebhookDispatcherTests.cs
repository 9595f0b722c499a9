using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Tests.EndToEnd;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.Gateway.Webhooks;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.Webhooks;

/// <summary>
/// Deliveries from a real gateway (operator actions and rejected revisions as the events) to real
/// receivers, on a fake clock that the retry backoff runs on.
/// </summary>
public sealed class WebhookDispatcherTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private const string Feature = "api_v4_restaurants";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_receiver_that_fails_three_times_gets_the_event_on_the_fourth_attempt_after_the_backoff()
    {
        await using var receiver = await WebhookReceiver.StartAsync(n => n switch { 1 => 503, 2 => 500, 3 => 429, _ => 200 });
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await StartAsync(time, Hook(0, receiver.Url(), secret: "s3cret"));

        await ForceAsync(gateway, 35, "canary");
        await Eventually.HoldsAsync(() => receiver.Received.Count == 1, "the first attempt", TimeSpan.FromSeconds(10));
        var started = time.GetUtcNow();
        await AdvanceUntilAsync(time, () => receiver.Received.Count == 4, "the fourth attempt");

        var attempts = receiver.Received;
        Assert.Equal(4, attempts.Count);
        // One delivery retried: the same bytes, signature and delivery id every time.
        Assert.All(attempts, a => Assert.Equal(attempts[0].Body, a.Body));
        Assert.All(attempts, a => Assert.Equal(attempts[0].Header("X-Strangler-Delivery"), a.Header("X-Strangler-Delivery")));
        Assert.All(attempts, a => Assert.Equal(WebhookSignature.Sign("s3cret", a.Body), a.Header("X-Strangler-Signature")));
        Assert.Equal("force", attempts[0].Json.GetProperty("kind").GetString());
        // The backoff waited on the gateway's clock: three retries of at least a few hundred ms each.
        Assert.True(time.GetUtcNow() - started >= TimeSpan.FromSeconds(1), $"retried within {time.GetUtcNow() - started}");

        var hook = await WebhookStatusAsync(gateway, h => h.GetProperty("delivered").GetInt64() == 1);
        Assert.Equal(0, hook.GetProperty("pending").GetInt32());
        Assert.Equal(0, hook.GetProperty("failed").GetInt64());
        Assert.Equal("HTTP 429", hook.GetProperty("last_error").GetString());
        Assert.True(hook.GetProperty("signed").GetBoolean());
        await MetricsAsync(gateway, delivered: 1, retried: 3, failed: 0, dropped: 0);
    }

    [Fact]
    public async Task A_4xx_answer_is_final_and_counted_as_failed_without_a_retry()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 400);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await StartAsync(time, Hook(0, receiver.Url()));

        await ForceAsync(gateway, 35, "canary");
        var hook = await WebhookStatusAsync(gateway, h => h.GetProperty("failed").GetInt64() == 1);
        Assert.Equal("HTTP 400 (not retried)", hook.GetProperty("last_error").GetString());
        time.Advance(TimeSpan.FromMinutes(10));
        await ForceAsync(gateway, 36, "second");
        await WebhookStatusAsync(gateway, h => h.GetProperty("failed").GetInt64() == 2);

        Assert.Equal(2, receiver.Received.Count);
        await MetricsAsync(gateway, delivered: 0, retried: 0, failed: 2, dropped: 0);
    }

    [Fact]
    public async Task A_closed_port_is_retried_until_retry_for_has_passed_then_given_up()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var closed = $"http://127.0.0.1:{FreePort.Next()}/hook";
        await using var gateway = await StartAsync(time, Hook(0, closed, retryFor: "00:02:00"));

        await ForceAsync(gateway, 35, "canary");
        var started = time.GetUtcNow();
        JsonElement hook = default;
        await AdvanceUntilAsync(time, () =>
        {
            hook = WebhookStatus(gateway.StatusAsync().GetAwaiter().GetResult());
            return hook.GetProperty("failed").GetInt64() == 1;
        }, "the delivery to be given up");

        Assert.InRange(time.GetUtcNow() - started, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3));
        Assert.StartsWith("retried for 00:02:00; last error: ConnectionError", hook.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, hook.GetProperty("pending").GetInt32());
        Assert.Equal(JsonValueKind.Null, hook.GetProperty("last_delivered_at").ValueKind);
    }

    [Fact]
    public async Task Each_webhook_gets_only_the_kinds_it_asks_for()
    {
        await using var pauses = await WebhookReceiver.StartAsync();
        await using var everything = await WebhookReceiver.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await StartAsync(time, [.. Hook(0, pauses.Url(), events: ["pause,resume"]), .. Hook(1, everything.Url())]);

        await ForceAsync(gateway, 35, "canary");
        await PostAsync(gateway, "pause", new { reason = "hold" });
        await Eventually.HoldsAsync(() => everything.Received.Count == 2 && pauses.Received.Count == 1, "the deliveries", TimeSpan.FromSeconds(10));
        await WebhookStatusAsync(gateway, h => h.GetProperty("pending").GetInt32() == 0, index: 0);

        Assert.Equal("pause", Assert.Single(pauses.Received).Json.GetProperty("kind").GetString());
        Assert.Equal(["force", "pause"], everything.Received.Select(d => d.Json.GetProperty("kind").GetString()));
        var status = await gateway.StatusAsync();
        Assert.Equal(["pause", "resume"], WebhookStatus(status, 0).GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(WebhookKinds.All, WebhookStatus(status, 1).GetProperty("events").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public async Task The_json_body_is_the_event_as_the_events_api_shows_it_plus_the_gateway()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await StartAsync(time, Hook(0, receiver.Url()));

        await ForceAsync(gateway, 35, "canary <35>");
        await Eventually.HoldsAsync(() => receiver.Received.Count == 1, "the delivery", TimeSpan.FromSeconds(10));

        var delivery = receiver.Received[0];
        var body = delivery.Json;
        var listed = (await gateway.Management.GetFromJsonAsync<JsonElement>("admin/events", Ct)).GetProperty("events")[0];
        foreach (var property in listed.EnumerateObject())
        {
            Assert.True(SameJson(property.Value, body.GetProperty(property.Name)), $"{property.Name}: {property.Value} in the events API, {body.GetProperty(property.Name)} delivered");
        }

        Assert.Equal(Environment.MachineName, body.GetProperty("gateway").GetString());
        Assert.Equal("force", delivery.Header("X-Strangler-Event"));
        Assert.StartsWith("application/json", delivery.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Null(delivery.Header("X-Strangler-Signature"));
    }

    [Fact]
    public async Task The_slack_format_posts_one_readable_line()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await StartAsync(time, Hook(0, receiver.Url(), format: "slack"));

        await ForceAsync(gateway, 35, "canary <35>");
        await Eventually.HoldsAsync(() => receiver.Received.Count == 1, "the delivery", TimeSpan.FromSeconds(10));

        var body = receiver.Received[0].Json;
        Assert.Equal(["text"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"{Feature}: force 10 % → 35 %: canary &lt;35&gt;; by admin-api on {Environment.MachineName}", body.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_rejected_revision_is_sent_with_each_error_located()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await StartAsync(time, Hook(0, receiver.Url(), events: ["config_rejected"]));

        var bad = backends.Rollout(RolloutFile.Restaurants("partial", 10)).ToJson().Replace("\"partial\"", "\"sideways\"", StringComparison.Ordinal);
        await gateway.ReplaceRolloutAsync(bad);
        await Eventually.HoldsAsync(() => receiver.Received.Count == 1, "the config_rejected delivery", TimeSpan.FromSeconds(15));

        var body = receiver.Received[0].Json;
        Assert.Equal("config_rejected", body.GetProperty("kind").GetString());
        Assert.Equal("config_rejected", receiver.Received[0].Header("X-Strangler-Event"));
        var status = await gateway.StatusAsync();
        Assert.Equal(status.GetProperty("config_error").GetProperty("revision").GetString(), body.GetProperty("revision").GetString());
        Assert.True(SameJson(status.GetProperty("config_error").GetProperty("errors"), body.GetProperty("errors")), body.GetProperty("errors").ToString());
        var error = body.GetProperty("errors")[0];
        Assert.Equal("$.features.api_v4_restaurants.stage", error.GetProperty("path").GetString());
        Assert.True(error.GetProperty("line").GetInt32() > 1);
        Assert.True(error.GetProperty("column").GetInt32() > 1);
        Assert.Contains("sideways", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_and_status_show_the_webhook_as_scheme_host_and_hash_never_its_path_or_query()
    {
        await using var receiver = await WebhookReceiver.StartAsync(n => n == 1 ? 500 : 200);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var url = receiver.Url("services/T0001/SECRETPATH?token=SECRETQUERY");
        var logs = new CapturingLogger<WebhookDispatcher>();
        await using var gateway = await StartAsync(time, Hook(0, url), logs);

        await ForceAsync(gateway, 35, "canary");
        await AdvanceUntilAsync(time, () => receiver.Received.Count == 2, "the retried delivery");
        await Eventually.HoldsAsync(() => logs.Messages.Any(m => m.Contains("delivered", StringComparison.Ordinal)), "the delivered log", TimeSpan.FromSeconds(10));

        Assert.Equal("/services/T0001/SECRETPATH?token=SECRETQUERY", receiver.Received[0].Target);
        var redacted = RedactedUrl.Of(new Uri(url));
        Assert.Equal($"http://{receiver.App.BaseAddress.Authority}/…#", redacted[..^8]);
        Assert.Contains(logs.Messages, m => m.Contains("attempt 1 failed (HTTP 500)", StringComparison.Ordinal) && m.Contains(redacted, StringComparison.Ordinal));
        Assert.All(logs.Messages, m => Assert.DoesNotContain("SECRET", m, StringComparison.Ordinal));
        var status = (await gateway.StatusAsync()).GetRawText();
        Assert.Contains(JsonSerializer.Serialize(redacted), status, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_webhooks_status_has_no_webhooks_and_metrics_no_delivery_series()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var gateway = await StartAsync(time, []);

        Assert.False((await gateway.StatusAsync()).TryGetProperty("webhooks", out _));
        Assert.DoesNotContain("strangler_gateway_webhook_deliveries_total", await gateway.Management.GetStringAsync("metrics", Ct), StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> Hook(int index, string url, string? secret = null, string? format = null, string[]? events = null, string? retryFor = null)
    {
        var settings = new Dictionary<string, string?> { [$"Gateway:Webhooks:{index}:Url"] = url };
        if (secret is not null)
        {
            settings[$"Gateway:Webhooks:{index}:Secret"] = secret;
        }

        if (format is not null)
        {
            settings[$"Gateway:Webhooks:{index}:Format"] = format;
        }

        if (retryFor is not null)
        {
            settings[$"Gateway:Webhooks:{index}:RetryFor"] = retryFor;
        }

        for (var i = 0; i < (events?.Length ?? 0); i++)
        {
            settings[$"Gateway:Webhooks:{index}:Events:{i}"] = events![i];
        }

        return settings;
    }

    /// <summary>Equal as JSON values (the admin API and the webhook bodies escape characters differently).</summary>
    internal static bool SameJson(JsonElement a, JsonElement b) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a.GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(b.GetRawText()));

    internal static Dictionary<string, string?> Merge(params Dictionary<string, string?>[] parts) =>
        parts.SelectMany(p => p).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Moves the fake clock a second per probe until the condition holds (each retry waits on it).</summary>
    internal static Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done, string what) =>
        Eventually.HoldsAsync(() =>
        {
            if (done())
            {
                return true;
            }

            time.Advance(TimeSpan.FromSeconds(1));
            return false;
        }, what, TimeSpan.FromSeconds(60));

    internal static JsonElement WebhookStatus(JsonElement status, int index = 0) => status.GetProperty("webhooks")[index];

    private Task<RunningGateway> StartAsync(FakeTimeProvider time, IEnumerable<KeyValuePair<string, string?>> hooks, CapturingLogger<WebhookDispatcher>? logs = null)
    {
        var settings = new Dictionary<string, string?>(hooks) { ["Gateway:Observe"] = "false" };
        return RunningGateway.StartAsync(
            backends.Rollout(RolloutFile.Restaurants("partial", 10)).ToJson(),
            settings,
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                if (logs is not null)
                {
                    services.AddSingleton<ILogger<WebhookDispatcher>>(logs);
                }
            });
    }

    private static Task ForceAsync(RunningGateway gateway, decimal percentage, string reason) =>
        PostAsync(gateway, "force", new { percentage, reason });

    private static async Task PostAsync(RunningGateway gateway, string action, object body)
    {
        using var response = await gateway.Management.PostAsJsonAsync($"admin/features/{Feature}/{action}", body, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<JsonElement> WebhookStatusAsync(RunningGateway gateway, Func<JsonElement, bool> holds, int index = 0) =>
        WebhookStatus(await gateway.WaitForStatusAsync(s => holds(WebhookStatus(s, index)), "the webhook's status"), index);

    private static Task MetricsAsync(RunningGateway gateway, int delivered, int retried, int failed, int dropped) =>
        Eventually.HoldsAsync(async () =>
        {
            var text = await gateway.Management.GetStringAsync("metrics", Ct);
            double Value(string result) => Exposition.Value(text, "strangler_gateway_webhook_deliveries_total", $"result=\"{result}\"");
            return Value("delivered") == delivered && Value("retried") == retried && Value("failed") == failed && Value("dropped") == dropped;
        }, $"deliveries delivered={delivered} retried={retried} failed={failed} dropped={dropped}", TimeSpan.FromSeconds(10));
}
