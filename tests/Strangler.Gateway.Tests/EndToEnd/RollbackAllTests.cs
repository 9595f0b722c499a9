using System.Net.Http.Json;
using System.Text.Json;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>
/// The emergency rollback: every user of every feature that still uses v3 goes to v3, testers
/// included; disabled features stay disabled; it holds over file edits and restarts; resume
/// restores exactly what rollout.json says.
/// </summary>
public sealed class RollbackAllTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rollback_all_sends_testers_to_v3_keeps_disabled_features_disabled_and_resume_restores_the_file()
    {
        var directory = Directory.CreateTempSubdirectory("strangler-rollback-").FullName;
        var rollout = backends.Rollout(
            RolloutFile.Restaurants("partial", 10) with { AlwaysV4 = ["tester"] },
            RolloutFile.Reviews("disabled", 0),
            new FeatureEntry("api_v4_users", "/api/users", "/api/v4/users", "complete", 0));
        var gateway = await RunningGateway.StartAsync(rollout.ToJson(), directory: directory);
        Assert.Equal("v4", await BackendAsync(gateway, "api/restaurants", "tester"));

        using (var response = await gateway.Management.PostAsJsonAsync("admin/rollback-all", new { reason = "incident 42" }, Ct))
        {
            response.EnsureSuccessStatusCode();
            var changed = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("features").EnumerateArray()
                .Select(f => (f.GetProperty("feature").GetString(), f.GetProperty("stage").GetString(), f.GetProperty("mode").GetString()))
                .ToArray();
            Assert.Equal([("api_v4_restaurants", "disabled", "rolled_back"), ("api_v4_reviews", "disabled", "rolled_back")], changed);
        }

        Assert.Equal("v3", await BackendAsync(gateway, "api/restaurants", "tester"));
        Assert.Equal("v3", await BackendAsync(gateway, "api/reviews", "tester"));
        Assert.Equal("v4", await BackendAsync(gateway, "api/users", "tester")); // complete: v3 no longer serves it
        var status = await gateway.StatusAsync();
        Assert.Equal(("disabled", 0m, "rolled_back"), Effective(status, "api_v4_reviews"));
        Assert.Equal(("partial", 10m), Desired(status, "api_v4_restaurants"));

        // Ops enable reviews during the incident: the rollback holds.
        var enabled = backends.Rollout(
            RolloutFile.Restaurants("partial", 10) with { AlwaysV4 = ["tester"] },
            RolloutFile.Reviews("full", 100),
            new FeatureEntry("api_v4_users", "/api/users", "/api/v4/users", "complete", 0));
        var revision = status.GetProperty("revision").GetString();
        await gateway.ReplaceRolloutAsync(enabled.ToJson());
        status = await gateway.WaitForStatusAsync(s => s.GetProperty("revision").GetString() != revision, "the edit to apply");
        Assert.Equal(("disabled", 0m, "rolled_back"), Effective(status, "api_v4_reviews"));
        Assert.Equal("v3", await BackendAsync(gateway, "api/reviews", "anyone"));

        // And a restart.
        await gateway.DisposeAsync();
        gateway = await RunningGateway.StartAsync(enabled.ToJson(), directory: directory);
        status = await gateway.StatusAsync();
        Assert.Equal(("disabled", 0m, "rolled_back"), Effective(status, "api_v4_restaurants"));
        Assert.Equal("v3", await BackendAsync(gateway, "api/restaurants", "tester"));

        foreach (var feature in new[] { "api_v4_restaurants", "api_v4_reviews" })
        {
            using var resume = await gateway.Management.PostAsync($"admin/features/{feature}/resume", null, Ct);
            resume.EnsureSuccessStatusCode();
        }

        status = await gateway.StatusAsync();
        Assert.Equal(("partial", 10m, "file"), Effective(status, "api_v4_restaurants"));
        Assert.Equal(("full", 100m, "file"), Effective(status, "api_v4_reviews"));
        Assert.Equal("v4", await BackendAsync(gateway, "api/restaurants", "tester"));
        Assert.Equal("v4", await BackendAsync(gateway, "api/reviews", "anyone"));
        await gateway.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<string> BackendAsync(RunningGateway gateway, string path, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-User-Id", user);
        using var response = await gateway.Public.SendAsync(request, Ct);
        return response.Headers.GetValues("X-Backend").Single();
    }

    private static (string?, decimal, string?) Effective(JsonElement status, string feature)
    {
        var effective = Feature(status, feature).GetProperty("effective");
        return (effective.GetProperty("stage").GetString(), effective.GetProperty("percentage").GetDecimal(), effective.GetProperty("mode").GetString());
    }

    private static (string?, decimal) Desired(JsonElement status, string feature)
    {
        var desired = Feature(status, feature).GetProperty("desired");
        return (desired.GetProperty("stage").GetString(), desired.GetProperty("percentage").GetDecimal());
    }

    private static JsonElement Feature(JsonElement status, string name) =>
        status.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);
}
