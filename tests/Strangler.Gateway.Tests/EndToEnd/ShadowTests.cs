using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>
/// Shadow traffic through the real gateway in front of backends whose answers differ on purpose:
/// v4 rounds some restaurants' rating to one decimal and adds a served_at timestamp; both answer
/// with a generated_at timestamp that changes on every call (noise).
/// </summary>
public sealed class ShadowTests
{
    private const string Feature = "api_v4_restaurants";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>v3's rating of a restaurant: two decimals, 0.00 to 4.99.</summary>
    private static decimal Rating(int id) => (id * 37 % 500) / 100m;

    /// <summary>v4 rounds the rating of every fourth restaurant to one decimal; it differs where the second decimal is not 0.</summary>
    private static decimal V4Rating(int id) => id % 4 == 0 ? Math.Round(Rating(id), 1, MidpointRounding.AwayFromZero) : Rating(id);

    private static bool Differs(int id) => V4Rating(id) != Rating(id);

    private static Task V3Answer(HttpContext context) => Restaurant(context, "/api/restaurants/", Rating, servedAt: false);

    private static Task V4Answer(HttpContext context) => Restaurant(context, "/api/v4/restaurants/", V4Rating, servedAt: true);

    private static async Task Restaurant(HttpContext context, string prefix, Func<int, decimal> rating, bool servedAt)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || !int.TryParse(path[prefix.Length..], CultureInfo.InvariantCulture, out var id))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = 204;
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new Dictionary<string, object>
        {
            ["data"] = new { id, name = $"Restaurant {id}", rating = rating(id), tags = new[] { "pizza", "late" } },
            ["generated_at"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N"),
        };
        if (servedAt)
        {
            body["served_at"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(body, Ct);
    }

    private static string Rollout(Uri v3, Uri v4, string stage, decimal percentage, string shadow, string extra = "") =>
        new RolloutFile
        {
            V3 = v3,
            V4 = v4,
            Features = [RolloutFile.Restaurants(stage, percentage) with { Extra = $"\"shadow\": {{ {shadow} }}, {extra}" }],
        }.ToJson();

    private static async Task<HttpResponseMessage> SendAsync(RunningGateway gateway, HttpMethod method, string path, string user, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-User-Id", user);
        configure?.Invoke(request);
        return await gateway.Public.SendAsync(request, Ct);
    }

    private static JsonElement ShadowOf(JsonElement status) =>
        status.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == Feature).GetProperty("shadow");

    /// <summary>Waits until every copy v4 received has its result counted.</summary>
    private static Task<JsonElement> SettledAsync(RunningGateway gateway, ScriptedBackend v4) =>
        gateway.WaitForStatusAsync(
            s => ShadowOf(s) is var shadow
                && shadow.GetProperty("comparisons").GetInt64() + shadow.GetProperty("v4_errors").GetInt64() + shadow.GetProperty("skipped").GetInt64()
                    >= v4.Received.Count(r => r.IsShadow),
            "every mirrored request compared");

    [Fact]
    public async Task The_reported_diff_rate_matches_the_true_share_the_timestamp_is_noise_and_the_rounded_field_is_the_top_path()
    {
        await using var v3 = await ScriptedBackend.StartAsync(V3Answer);
        await using var v4 = await ScriptedBackend.StartAsync(V4Answer);
        await using var gateway = await RunningGateway.StartAsync(Rollout(
            v3.BaseAddress, v4.BaseAddress, "disabled", 0, "\"sample_percent\": 50, \"ignore\": [\"$.served_at\"], \"noise_check_percent\": 0"));

        const int restaurants = 600;
        for (var id = 1; id <= restaurants; id++)
        {
            using var response = await SendAsync(gateway, HttpMethod.Get, $"api/restaurants/{id}", $"user-{id % 97}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(Rating(id), body.GetProperty("data").GetProperty("rating").GetDecimal()); // the client always gets v3's answer
            Assert.False(body.TryGetProperty("served_at", out _));
        }

        var shadow = ShadowOf(await SettledAsync(gateway, v4));
        var mirrored = v4.Received.Where(r => r.IsShadow).Select(r => int.Parse(r.RawTarget["/api/v4/restaurants/".Length..], CultureInfo.InvariantCulture)).ToArray();
        Assert.InRange(mirrored.Length, restaurants * 0.4, restaurants * 0.6);
        Assert.Equal(mirrored.Length, mirrored.Distinct().Count());
        Assert.Equal(0, shadow.GetProperty("v4_errors").GetInt64());
        Assert.Equal(0, shadow.GetProperty("skipped").GetInt64());
        Assert.Equal(mirrored.Length, shadow.GetProperty("comparisons").GetInt64());

        // Exactly the mirrored restaurants whose rating v4 rounded differently are differences; the rest differ only in generated_at.
        var differing = mirrored.Count(Differs);
        Assert.Equal(differing, shadow.GetProperty("diffs").GetInt64());
        Assert.Equal(mirrored.Length - differing, shadow.GetProperty("noise").GetInt64());
        Assert.Equal(0, shadow.GetProperty("matches").GetInt64());

        // The share of differing requests in all traffic lies within the reported bounds.
        var trueShare = 100.0 * Enumerable.Range(1, restaurants).Count(Differs) / restaurants;
        var rate = shadow.GetProperty("diff_rate_percent").GetDouble();
        var upper = shadow.GetProperty("diff_rate_upper_percent").GetDouble();
        Assert.Equal(100.0 * differing / mirrored.Length, rate, 2);
        Assert.InRange(trueShare, 100 * Wilson.Lower(differing, mirrored.Length), upper);

        Assert.Equal("$.data.rating", shadow.GetProperty("top_paths")[0].GetProperty("path").GetString());
        Assert.Equal(differing, shadow.GetProperty("top_paths")[0].GetProperty("count").GetInt64());
        Assert.Single(shadow.GetProperty("top_paths").EnumerateArray());
        Assert.Equal(["$.generated_at"], shadow.GetProperty("noise_paths").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("off", shadow.GetProperty("parity").GetString());

        var samples = await gateway.Management.GetFromJsonAsync<JsonElement>($"admin/shadow?feature={Feature}&limit=5", Ct);
        var sample = samples.GetProperty("samples")[0];
        Assert.Equal(5, samples.GetProperty("samples").GetArrayLength());
        Assert.Equal("GET", sample.GetProperty("method").GetString());
        var sampled = int.Parse(sample.GetProperty("path").GetString()!["/api/restaurants/".Length..], CultureInfo.InvariantCulture);
        var difference = Assert.Single(sample.GetProperty("differences").EnumerateArray());
        Assert.Equal("$.data.rating", difference.GetProperty("path").GetString());
        Assert.Equal(Rating(sampled), decimal.Parse(difference.GetProperty("v3").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(V4Rating(sampled), decimal.Parse(difference.GetProperty("v4").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(["$.generated_at"], sample.GetProperty("noise").EnumerateArray().Select(p => p.GetString()));

        var metrics = await gateway.Management.GetStringAsync("metrics", Ct);
        Assert.Equal(differing, Exposition.Value(metrics, "strangler_gateway_shadow_comparisons_total", $"feature=\"{Feature}\",result=\"diff\""));
        Assert.Equal(mirrored.Length - differing, Exposition.Value(metrics, "strangler_gateway_shadow_comparisons_total", $"feature=\"{Feature}\",result=\"noise\""));
        Assert.Equal(0, Exposition.Value(metrics, "strangler_gateway_shadow_comparisons_total", $"feature=\"{Feature}\",result=\"skipped\""));
    }

    [Fact]
    public async Task The_same_request_is_sampled_every_time_and_a_listed_timestamp_is_ignored_not_noise()
    {
        await using var v3 = await ScriptedBackend.StartAsync(V3Answer);
        await using var v4 = await ScriptedBackend.StartAsync(V4Answer);
        await using var gateway = await RunningGateway.StartAsync(Rollout(
            v3.BaseAddress, v4.BaseAddress, "disabled", 0, "\"sample_percent\": 30, \"ignore\": [\"$.served_at\", \"$.generated_at\"]"));

        for (var round = 0; round < 3; round++)
        {
            for (var id = 1; id <= 100; id++)
            {
                using var response = await SendAsync(gateway, HttpMethod.Get, $"api/restaurants/{id}", "same-user");
            }
        }

        var shadow = ShadowOf(await SettledAsync(gateway, v4));
        var byTarget = v4.Received.Where(r => r.IsShadow).GroupBy(r => r.RawTarget).ToArray();
        Assert.InRange(byTarget.Length, 15, 45);
        Assert.All(byTarget, g => Assert.Equal(3, g.Count()));
        Assert.Empty(shadow.GetProperty("noise_paths").EnumerateArray());
        Assert.Equal(0, shadow.GetProperty("noise").GetInt64());
        var differingTargets = byTarget.Count(g => Differs(int.Parse(g.Key["/api/v4/restaurants/".Length..], CultureInfo.InvariantCulture)));
        Assert.Equal(3 * differingTargets, shadow.GetProperty("diffs").GetInt64());
        Assert.Equal(3 * (byTarget.Length - differingTargets), shadow.GetProperty("matches").GetInt64());
    }

    [Fact]
    public async Task Only_reads_of_users_on_v3_are_mirrored_and_a_client_cannot_forge_the_shadow_header()
    {
        static Task Ok(HttpContext context)
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"ok\":true}");
        }

        await using var v3 = await ScriptedBackend.StartAsync(Ok);
        await using var v4 = await ScriptedBackend.StartAsync(Ok);
        await using var gateway = await RunningGateway.StartAsync(Rollout(v3.BaseAddress, v4.BaseAddress, "partial", 50, "\"sample_percent\": 100"));

        var users = Enumerable.Range(0, 60).Select(i => $"user-{i}").ToArray();
        foreach (var user in users)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            {
                using var response = await SendAsync(gateway, method, "api/restaurants/7", user, r =>
                {
                    r.Headers.Add("X-Strangler-Shadow", "forged");
                    if (method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch)
                    {
                        r.Content = new StringContent("{\"stars\":5}", System.Text.Encoding.UTF8, "application/json");
                    }
                });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await SettledAsync(gateway, v4);
        var v3Users = v3.Received.Where(r => !r.IsShadow).Select(r => r.Header("X-User-Id")).ToHashSet();
        var v4Users = v4.Received.Where(r => !r.IsShadow).Select(r => r.Header("X-User-Id")).ToHashSet();
        Assert.InRange(v3Users.Count, 15, 45);
        Assert.Equal(users.Length, v3Users.Count + v4Users.Count);
        Assert.Equal(6 * v3Users.Count, v3.Received.Count(r => !r.IsShadow));
        Assert.Equal(6 * v4Users.Count, v4.Received.Count(r => !r.IsShadow));

        // Every GET and HEAD of a user on v3 was mirrored, nothing else; users on v4 never.
        var copies = v4.Received.Where(r => r.IsShadow).ToArray();
        Assert.Equal(2 * v3Users.Count, copies.Length);
        Assert.All(copies, c => Assert.True(c.Method is "GET" or "HEAD", $"{c.Method} was mirrored"));
        Assert.All(copies, c => Assert.Contains(c.Header("X-User-Id"), v3Users));
        Assert.All(copies, c => Assert.Equal("/api/v4/restaurants/7", c.RawTarget));
        Assert.All(copies, c => Assert.Equal("v4", c.Header("X-Strangler-Backend")));

        // A noise check asks v3 again, marked as a copy too, for reads only.
        Assert.All(v3.Received.Where(r => r.IsShadow), c => Assert.True(c.Method is "GET" or "HEAD" && c.Header("X-Strangler-Backend") == "v3"));

        // No backend saw the client's forged header on a client's request.
        Assert.DoesNotContain(v4.Received.Where(r => !r.IsShadow), r => r.Header("X-Strangler-Shadow") is not null);
        Assert.DoesNotContain(v3.Received.Where(r => !r.IsShadow), r => r.Header("X-Strangler-Shadow") is not null);
    }

    [Fact]
    public async Task A_v4_that_never_answers_costs_the_client_nothing_copies_are_bounded_and_skipped_and_the_guard_sees_none()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var v3 = await ScriptedBackend.StartAsync(V3Answer);
        await using var v4 = await ScriptedBackend.StartAsync(async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await V4Answer(context);
        });
        try
        {
            await using var gateway = await RunningGateway.StartAsync(Rollout(
                v3.BaseAddress, v4.BaseAddress, "partial", 0, "\"sample_percent\": 100, \"max_in_flight\": 3, \"timeout\": \"30s\""));

            for (var id = 1; id <= 40; id++)
            {
                using var response = await SendAsync(gateway, HttpMethod.Get, $"api/restaurants/{id}", $"user-{id}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var status = await gateway.WaitForStatusAsync(s => ShadowOf(s).GetProperty("skipped").GetInt64() >= 37, "37 samples skipped");
            var shadow = ShadowOf(status);
            Assert.Equal(37, shadow.GetProperty("skipped").GetInt64());
            Assert.Equal(0, shadow.GetProperty("comparisons").GetInt64());
            await Eventually.HoldsAsync(() => v4.Received.Count == 3, "the three copies in flight to arrive at v4", TimeSpan.FromSeconds(30));
            Assert.Equal(3, v4.Received.Count);

            var metrics = await gateway.Management.GetStringAsync("metrics", Ct);
            Assert.Equal(0, Exposition.Find(metrics, "strangler_gateway_requests_total", $"backend=\"v4\",feature=\"{Feature}\",status_class=\"2xx\"") ?? 0);
            Assert.Equal(0, Exposition.Value(metrics, "strangler_gateway_failovers_total", $"feature=\"{Feature}\""));
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task A_v4_that_is_down_is_counted_as_failing_then_skipped_while_mirroring_pauses()
    {
        await using var v3 = await ScriptedBackend.StartAsync(V3Answer);
        var deadV4 = new Uri($"http://127.0.0.1:{Strangler.TestSupport.Net.FreePort.Next()}/");
        await using var gateway = await RunningGateway.StartAsync(Rollout(v3.BaseAddress, deadV4, "disabled", 0, "\"sample_percent\": 100"));

        for (var id = 1; id <= 30; id++)
        {
            using var response = await SendAsync(gateway, HttpMethod.Get, $"api/restaurants/{id}", $"user-{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var status = await gateway.WaitForStatusAsync(
            s => ShadowOf(s) is var sh && sh.GetProperty("v4_errors").GetInt64() + sh.GetProperty("skipped").GetInt64() == 30, "every sample counted");
        var shadow = ShadowOf(status);
        Assert.InRange(shadow.GetProperty("v4_errors").GetInt64(), 5, 25);
        Assert.True(shadow.GetProperty("skipped").GetInt64() >= 5, "mirroring did not pause");
        Assert.Equal(0, shadow.GetProperty("comparisons").GetInt64());
    }

    [Fact]
    public async Task A_feature_whose_v4_answers_differently_does_not_advance_and_parity_failing_is_an_event_once()
    {
        var v4 = await ScriptedBackend.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"id\":1,\"name\":\"not the same restaurant\"}");
        });
        await using var harness = await GuardHarness.StartAsync(ParityRollout(), v4: v4.App);
        JsonElement feature = default;
        for (var s = 0; s < 30; s++)
        {
            feature = GuardHarness.Feature(await harness.SecondAsync(100));
            Assert.Equal(10m, feature.GetProperty("effective").GetProperty("percentage").GetDecimal());
        }

        Assert.Equal("healthy", feature.GetProperty("guard").GetProperty("verdict").GetString()); // only parity holds it back
        var shadow = feature.GetProperty("shadow");
        Assert.Equal("failing", shadow.GetProperty("parity").GetString());
        Assert.True(shadow.GetProperty("holds_back_advance").GetBoolean());
        Assert.True(shadow.GetProperty("comparisons").GetInt64() >= 50);
        Assert.Empty(await harness.EventsAsync("advance"));
        var breach = Assert.Single(await harness.EventsAsync("parity_failing"));
        Assert.Equal(10m, breach.GetProperty("from").GetDecimal());
        Assert.Equal(10m, breach.GetProperty("to").GetDecimal());
        Assert.Contains("max_diff_percent 1 %", breach.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var metrics = await harness.Gateway.Management.GetStringAsync("metrics", Ct);
        Assert.Equal(1, Exposition.Value(metrics, "strangler_gateway_rollout_events_total", $"feature=\"{Feature}\",kind=\"parity_failing\",rule=\"shadow-parity\""));
        Assert.Equal(0.01, Exposition.Value(metrics, "strangler_gateway_shadow_max_diff_ratio", $"feature=\"{Feature}\""));
    }

    [Fact]
    public async Task A_feature_whose_v4_answers_like_v3_advances_once_parity_holds()
    {
        await using var harness = await GuardHarness.StartAsync(ParityRollout());
        var seen = new List<(decimal Percentage, string Parity)>();
        for (var s = 0; s < 40 && (seen.Count == 0 || seen[^1].Percentage == 10m); s++)
        {
            var feature = GuardHarness.Feature(await harness.SecondAsync(100));
            seen.Add((feature.GetProperty("effective").GetProperty("percentage").GetDecimal(), feature.GetProperty("shadow").GetProperty("parity").GetString()!));
        }

        Assert.Equal(25m, seen[^1].Percentage);
        Assert.Contains(seen, s => s.Parity == "collecting");
        var advance = Assert.Single(await harness.EventsAsync("advance"));
        Assert.Equal((10m, 25m), (advance.GetProperty("from").GetDecimal(), advance.GetProperty("to").GetDecimal()));
        Assert.Empty(await harness.EventsAsync("parity_failing"));

        // The advance is a change: parity starts over and collects again at 25 %.
        var after = GuardHarness.Feature(await harness.Gateway.StatusAsync()).GetProperty("shadow");
        Assert.True(after.GetProperty("since").GetDateTimeOffset() >= advance.GetProperty("at").GetDateTimeOffset().AddSeconds(-1));
    }

    private static Func<Uri, Uri, string> ParityRollout() => GuardHarness.Restaurants(
        "partial", 10, "\"auto_advance\": true, \"step_interval\": \"5s\", \"guard\": { \"min_requests\": 20 }, "
        + "\"shadow\": { \"sample_percent\": 100, \"max_diff_percent\": 1, \"min_comparisons\": 300 },");
}
