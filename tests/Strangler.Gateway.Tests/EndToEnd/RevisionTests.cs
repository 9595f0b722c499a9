using System.Text.Json;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.EndToEnd;

/// <summary>
/// A guard revert holds until ops change the feature: a cosmetic edit of rollout.json is not a change,
/// and neither is the upgrade from state files that recorded revisions of the file's text.
/// </summary>
public sealed class RevisionTests
{
    private const string Defaults = "\"step_interval\": \"24h\", \"guard\": { \"min_requests\": 50 }";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cosmetic_edit_keeps_a_revert_and_a_real_edit_replaces_it()
    {
        var rollout = GuardHarness.Restaurants("partial", 50, defaults: Defaults);
        await using var harness = await GuardHarness.StartAsync(rollout);
        await RevertAsync(harness);
        var original = await File.ReadAllTextAsync(harness.Gateway.RolloutPath, Ct);

        // What an operator does while looking into the revert: annotate the feature and the defaults,
        // let an editor re-indent the file and reorder a feature's properties.
        var annotated = original
            .Replace("\"stage\": \"partial\",", "// reverted by the guard, see INC-42\n      \"percentage\": 50.0,\n      \"stage\": \"partial\",", StringComparison.Ordinal)
            .Replace("\"percentage\": 50,", string.Empty, StringComparison.Ordinal)
            .Replace("\"step_interval\": \"24h\"", "/* slower steps this week */ \"step_interval\": \"24h\"", StringComparison.Ordinal)
            .Replace("  ", "\t", StringComparison.Ordinal);
        var feature = await ApplyAsync(harness, annotated);
        Assert.Equal(("reverted", 0m), Effective(feature));

        feature = await ApplyAsync(harness, annotated.Replace("50.0", "25", StringComparison.Ordinal));
        Assert.Equal(("file", 25m), Effective(feature));
    }

    [Fact]
    public async Task A_change_in_defaults_replaces_the_revert_only_of_features_that_inherit_the_changed_value()
    {
        var rollout = GuardHarness.Restaurants("partial", 50, defaults: Defaults);
        await using var harness = await GuardHarness.StartAsync(rollout);
        await RevertAsync(harness);
        var original = await File.ReadAllTextAsync(harness.Gateway.RolloutPath, Ct);

        // The feature does not inherit guard.window: its default stays 60s either way.
        var feature = await ApplyAsync(harness, original.Replace("\"min_requests\": 50", "\"min_requests\": 50, \"window\": \"60s\"", StringComparison.Ordinal));
        Assert.Equal(("reverted", 0m), Effective(feature));

        feature = await ApplyAsync(harness, original.Replace("\"min_requests\": 50", "\"min_requests\": 40", StringComparison.Ordinal));
        Assert.Equal(("file", 50m), Effective(feature));
    }

    [Fact]
    public async Task A_state_file_of_version_1_keeps_its_revert_over_the_upgrade()
    {
        // A state file as the previous release wrote it: version 1, the feature's text revision.
        var directory = Directory.CreateTempSubdirectory("strangler-upgrade-").FullName;
        var rollout = GuardHarness.Restaurants("partial", 50, "\"always_v4\": [\"tester\"]", Defaults)(new Uri("http://127.0.0.1:5003"), new Uri("http://127.0.0.1:5004"));
        var textRevision = RolloutFileLoader.Parse("rollout.json", System.Text.Encoding.UTF8.GetBytes(rollout)).Snapshot!.Features[0].TextRevision;
        await File.WriteAllTextAsync(Path.Combine(directory, "rollout.state.json"), $$"""
            {
              "version": 1,
              "saved_at": "2026-06-01T12:00:00+00:00",
              "features": [
                {
                  "feature": "api_v4_restaurants",
                  "file_revision": "{{textRevision}}",
                  "mode": "reverted",
                  "paused": false,
                  "stage": "partial",
                  "percentage": 10,
                  "changed_at": "2026-06-01T11:59:00+00:00",
                  "reason": "warning-error-rate for 3 evaluations",
                  "actor": "guard"
                }
              ]
            }
            """, Ct);

        await using (var gateway = await RunningGateway.StartAsync(rollout, directory: directory))
        {
            var feature = GuardHarness.Feature(await gateway.StatusAsync());
            Assert.Equal(("reverted", 10m), Effective(feature));
        }

        // Rewritten in the current format, with the feature's revision: a second restart still holds it.
        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "rollout.state.json"), Ct)).RootElement;
        Assert.Equal(3, saved.GetProperty("version").GetInt32());
        await using (var gateway = await RunningGateway.StartAsync(rollout, directory: directory))
        {
            Assert.Equal(("reverted", 10m), Effective(GuardHarness.Feature(await gateway.StatusAsync())));
        }

        Directory.Delete(directory, recursive: true);
    }

    private static async Task RevertAsync(GuardHarness harness)
    {
        await harness.SetFaultAsync(onV4: true, errorRate: 0.5);
        JsonElement feature;
        var seconds = 0;
        do
        {
            feature = GuardHarness.Feature(await harness.SecondAsync(240));
        }
        while (feature.GetProperty("effective").GetProperty("mode").GetString() != "reverted" && ++seconds < 15);

        Assert.Equal(("reverted", 0m), Effective(feature));
        await harness.SetFaultAsync(onV4: true, errorRate: 0);
    }

    /// <summary>Writes the file and moves the fake clock (which drives the reload debounce and poll) until the new bytes are applied.</summary>
    private static async Task<JsonElement> ApplyAsync(GuardHarness harness, string rollout)
    {
        var before = (await harness.Gateway.StatusAsync()).GetProperty("revision").GetString();
        await harness.Gateway.ReplaceRolloutAsync(rollout);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var status = await harness.AdvanceAsync(TimeSpan.FromSeconds(1));
            Assert.True(status.GetProperty("config_error").ValueKind == JsonValueKind.Null, status.GetProperty("config_error").ToString());
            if (status.GetProperty("revision").GetString() != before)
            {
                return GuardHarness.Feature(status);
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail("the edited rollout.json was never applied");
        return default;
    }

    private static (string?, decimal) Effective(JsonElement feature) =>
        (feature.GetProperty("effective").GetProperty("mode").GetString(), feature.GetProperty("effective").GetProperty("percentage").GetDecimal());
}
