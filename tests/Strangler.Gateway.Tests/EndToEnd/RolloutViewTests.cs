using System.Globalization;
using System.Net;
using System.Text.Json;
using Strangler.Bucketing;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.State;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>One rollout view per request: what a request sees comes from one revision, whatever reloads meanwhile.</summary>
public sealed class RolloutViewTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_during_reloads_that_add_and_remove_a_feature_see_it_whole_or_not_at_all()
    {
        var with = backends.Rollout(RolloutFile.Restaurants("partial", 50), RolloutFile.Reviews("partial", 30));
        var without = backends.Rollout(RolloutFile.Restaurants("partial", 50));
        await using var gateway = await RunningGateway.StartAsync(with.ToJson());
        var withSnapshot = Load(gateway, with.ToJson(), "with.json");
        var withoutSnapshot = Load(gateway, without.ToJson(), "without.json");
        var runtime = gateway.Service<RolloutRuntime>();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var flips = Task.Run(() =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                runtime.Apply(n++ % 2 == 0 ? withoutSnapshot : withSnapshot, DateTimeOffset.UtcNow);
            }

            return n;
        }, Ct);

        var seen = new int[2];
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                var user = $"user-{c}-{i}";
                var echo = await RoutingTests.GetAsync(gateway, "api/reviews?restaurant_id=7", user);
                if (echo.Header("X-Strangler-Feature") is null)
                {
                    // Not claimed in the request's view: v3, unchanged, no decision headers.
                    Assert.Equal("v3", echo.Backend);
                    Assert.Equal("/api/reviews?restaurant_id=7", echo.RawTarget);
                    Assert.Null(echo.Header("X-Strangler-Reason"));
                    Interlocked.Increment(ref seen[0]);
                    continue;
                }

                // Claimed: the whole decision of that revision's rule, never a default one.
                var bucket = Bucket.Compute("strangler", user);
                var v4 = bucket < 3000;
                Assert.Equal("api_v4_reviews", echo.Header("X-Strangler-Feature"));
                Assert.Equal(v4 ? "bucket-in" : "bucket-out", echo.Header("X-Strangler-Reason"));
                Assert.Equal(bucket.ToString(CultureInfo.InvariantCulture), echo.Header("X-Strangler-Bucket"));
                Assert.Equal(v4 ? "v4" : "v3", echo.Backend);
                Assert.Equal(v4 ? "/api/v4/reviews?restaurant_id=7" : "/api/reviews?restaurant_id=7", echo.RawTarget);
                Interlocked.Increment(ref seen[1]);
            }
        }, Ct)).ToArray();

        await Task.WhenAll(clients);
        await stop.CancelAsync();
        var applied = await flips;

        Assert.True(applied > 100, $"only {applied} reloads happened during the requests");
        Assert.Equal(600, seen[0] + seen[1]);
        Assert.True(seen[0] > 0 && seen[1] > 0, $"requests saw the feature absent {seen[0]} times and present {seen[1]} times: both revisions must have served");
    }

    [Fact]
    public async Task Status_can_be_read_for_one_feature_or_a_page_and_refuses_bad_parameters()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("partial", 50), RolloutFile.Reviews("disabled", 0)).ToJson());

        var one = await Get(gateway, "admin/status?feature=api_v4_reviews");
        Assert.Equal(2, one.GetProperty("feature_count").GetInt32());
        Assert.Equal("api_v4_reviews", Assert.Single(one.GetProperty("features").EnumerateArray()).GetProperty("name").GetString());

        var page = await Get(gateway, "admin/status?offset=1&limit=1");
        Assert.Equal("api_v4_reviews", Assert.Single(page.GetProperty("features").EnumerateArray()).GetProperty("name").GetString());
        var all = await Get(gateway, "admin/status");
        Assert.Equal(["api_v4_restaurants", "api_v4_reviews"], all.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()));

        await AssertError(gateway, "admin/status?feature=api_v4_nope", HttpStatusCode.NotFound, "unknown feature 'api_v4_nope'");
        await AssertError(gateway, "admin/status?limit=0", HttpStatusCode.BadRequest, "limit must be an integer between 1 and 1000 (got '0')");
        await AssertError(gateway, "admin/status?offset=-1", HttpStatusCode.BadRequest, "offset must be an integer between 0 and 2147483647 (got '-1')");
    }

    [Fact]
    public async Task Only_observed_features_have_outcome_windows_and_they_survive_a_state_change()
    {
        await using var gateway = await RunningGateway.StartAsync(backends.Rollout(RolloutFile.Restaurants("partial", 50), RolloutFile.Reviews("disabled", 0)).ToJson());
        var runtime = gateway.Service<RolloutRuntime>();
        Assert.Null(runtime.View.FeaturesByName["api_v4_reviews"].Windows);
        var windows = runtime.View.FeaturesByName["api_v4_restaurants"].Windows;
        Assert.NotNull(windows);

        await RoutingTests.GetAsync(gateway, "api/restaurants/7", "u1");
        var operations = gateway.Service<RolloutOperations>();
        await operations.ForceAsync("api_v4_restaurants", Percentage.FromPercent(10), "test", null);

        Assert.Same(windows, runtime.View.FeaturesByName["api_v4_restaurants"].Windows);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(1, windows.V3.Snapshot(now, 60).Requests + windows.V4.Snapshot(now, 60).Requests);
    }

    private static RolloutSnapshot Load(RunningGateway gateway, string json, string name)
    {
        var path = Path.Combine(gateway.Directory, name);
        File.WriteAllText(path, json);
        return RolloutFileLoader.Load(path).Snapshot!;
    }

    private static async Task<JsonElement> Get(RunningGateway gateway, string path)
    {
        using var response = await gateway.Management.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    private static async Task AssertError(RunningGateway gateway, string path, HttpStatusCode status, string message)
    {
        using var response = await gateway.Management.GetAsync(path, Ct);
        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(message, body.RootElement.GetProperty("error").GetString());
    }
}
