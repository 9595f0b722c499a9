using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Strangler.Gateway.Events;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Webhooks;

namespace Strangler.Gateway.Tests.Webhooks;

public sealed class WebhookBodiesTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly RolloutEvent Revert = new(
        7, At, "api_v4_restaurants", EventKinds.Revert, 50, 0, "v4 error rate 31 % above 10 %", "guard",
        new GuardEvidence("critical-error-rate", 31.04, 27.51, 10,
            new WindowSummary(1200, 372, 31, 3, 9, 12), new WindowSummary(1180, 2, 0.17, 2, 8, 11),
            new ThresholdSummary(3, 800, 10, 2000)),
        Replica: "r2");

    [Fact]
    public void The_slack_line_names_feature_kind_percentages_rule_evidence_reason_and_sender()
    {
        Assert.Equal(
            "api_v4_restaurants: revert 50 % → 0 % (critical-error-rate: observed 31.04 %, bound 27.51 %, threshold 10 %): v4 error rate 31 % above 10 %; by guard on r2",
            WebhookBodies.SlackText(WebhookNotice.Of(Revert), "gw-1"));
    }

    [Fact]
    public void A_latency_rule_is_in_milliseconds_and_an_event_without_a_change_says_at()
    {
        var e = Revert with { Kind = EventKinds.Inconclusive, From = 25, To = 25, Replica = null, Evidence = Revert.Evidence! with { Rule = "warning-p95", Observed = 912, Bound = 850.5, Threshold = 800 } };

        Assert.Equal(
            "api_v4_restaurants: inconclusive at 25 % (warning-p95: observed 912 ms, bound 850.5 ms, threshold 800 ms): v4 error rate 31 % above 10 %; by guard on gw-1",
            WebhookBodies.SlackText(WebhookNotice.Of(e), "gw-1"));
    }

    [Fact]
    public void A_rejection_lists_its_located_errors_in_json_and_at_most_five_in_slack()
    {
        var errors = Enumerable.Range(1, 7).Select(i => new RolloutError("rollout.json", i, 3, $"$.features.f{i}.stage", "unknown stage 'x'", RolloutErrorSeverity.Error)).ToImmutableArray();
        var notice = WebhookNotice.Of(new ConfigFailure("abcdef0123456789", At, errors));

        var json = JsonDocument.Parse(WebhookBodies.For(notice, WebhookFormats.Json, "gw-1")).RootElement;
        Assert.Equal("config_rejected", json.GetProperty("kind").GetString());
        Assert.Equal("abcdef012345", json.GetProperty("revision").GetString());
        Assert.Equal("gw-1", json.GetProperty("gateway").GetString());
        Assert.Equal(7, json.GetProperty("errors").GetArrayLength());
        Assert.Equal("""{"file":"rollout.json","line":2,"column":3,"path":"$.features.f2.stage","message":"unknown stage 'x'"}""", json.GetProperty("errors")[1].GetRawText());

        var text = JsonDocument.Parse(WebhookBodies.For(notice, WebhookFormats.Slack, "gw-1")).RootElement.GetProperty("text").GetString()!;
        Assert.StartsWith("rollout.json revision abcdef012345 rejected on gw-1 (7 errors); the previous revision keeps serving: rollout.json:1:3 $.features.f1.stage: unknown stage 'x'; ", text, StringComparison.Ordinal);
        Assert.EndsWith("rollout.json:5:3 $.features.f5.stage: unknown stage 'x'; and 2 more", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signature_is_the_hmac_sha256_of_the_exact_body_bytes()
    {
        var body = WebhookBodies.For(WebhookNotice.Of(Revert), WebhookFormats.Json, "gw-1");

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("k3y"), body));
        Assert.Equal(expected, WebhookSignature.Sign("k3y", body));
        Assert.NotEqual(expected, WebhookSignature.Sign("k3y", [.. body, (byte)' ']));
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T0/B0/SECRET", "https://hooks.slack.com/…#")]
    [InlineData("http://user:SECRET@10.0.0.5:9000/hook?token=SECRET", "http://10.0.0.5:9000/…#")]
    public void A_redacted_url_keeps_scheme_host_and_port_and_a_hash(string url, string prefix)
    {
        var redacted = RedactedUrl.Of(new Uri(url));

        Assert.StartsWith(prefix, redacted, StringComparison.Ordinal);
        Assert.Equal(prefix.Length + 8, redacted.Length);
        Assert.DoesNotContain("SECRET", redacted, StringComparison.Ordinal);
        Assert.NotEqual(redacted, RedactedUrl.Of(new Uri(url + "x")));
    }

    [Theory]
    [InlineData(200, true, false)]
    [InlineData(204, true, false)]
    [InlineData(302, false, false)]
    [InlineData(400, false, false)]
    [InlineData(404, false, false)]
    [InlineData(408, false, true)]
    [InlineData(429, false, true)]
    [InlineData(500, false, true)]
    [InlineData(503, false, true)]
    public void Answers_are_delivered_final_or_retried(int status, bool delivered, bool transient)
    {
        var result = new AttemptResult(status, null);

        Assert.Equal((delivered, transient), (result.Delivered, result.Transient));
    }
}
