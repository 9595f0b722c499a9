using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class ShadowBinderTests
{
    private const string Feature = "api_v4_restaurants";

    [Fact]
    public void Without_any_shadow_block_nothing_is_mirrored()
    {
        Assert.Null(Bound(RolloutDocuments.Valid()).FeaturesByName[Feature].Shadow);
        Assert.Null(Bound(RolloutDocuments.Valid(extraTop: "\"defaults\": { \"step_interval\": \"1h\" },")).FeaturesByName[Feature].Shadow);
    }

    [Fact]
    public void An_empty_shadow_block_takes_the_built_in_defaults()
    {
        var shadow = Bound(RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"shadow\": {}"))).Features[0].Shadow!;

        Assert.Equal(5, shadow.SamplePercent);
        Assert.Empty(shadow.Ignore);
        Assert.Equal(32, shadow.MaxInFlight);
        Assert.Equal(262144, shadow.MaxBodyBytes);
        Assert.Equal(1, shadow.NoiseCheckPercent);
        Assert.Null(shadow.MaxDiffPercent);
        Assert.Equal(500, shadow.MinComparisons);
        Assert.Equal(TimeSpan.FromSeconds(2), shadow.Timeout);
        Assert.Equal(BuiltInDefaults.Shadow, shadow);
    }

    [Fact]
    public void Every_property_binds()
    {
        var shadow = Bound(RolloutDocuments.Valid(RolloutDocuments.Feature("""
            "stage": "partial",
            "shadow": {
              "sample_percent": 12.5, "ignore": ["$.data.items[*].updated_at", "$['odd key']", "$..trace_id"],
              "max_in_flight": 10000, "max_body_bytes": 1024, "noise_check_percent": 0, "max_diff_percent": 0.5,
              "min_comparisons": 10000000, "timeout": "1s500ms"
            }
            """))).Features[0].Shadow!;

        Assert.Equal(12.5, shadow.SamplePercent);
        Assert.Equal(["$.data.items[*].updated_at", "$['odd key']", "$..trace_id"], shadow.Ignore.Select(p => p.ToString()));
        Assert.Equal(10000, shadow.MaxInFlight);
        Assert.Equal(1024, shadow.MaxBodyBytes);
        Assert.Equal(0, shadow.NoiseCheckPercent);
        Assert.Equal(0.5, shadow.MaxDiffPercent);
        Assert.Equal(10_000_000, shadow.MinComparisons);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), shadow.Timeout);
    }

    [Fact]
    public void A_feature_merges_its_shadow_block_over_the_defaults_property_by_property()
    {
        var defaults = """
            "defaults": {
              "shadow": { "sample_percent": 10, "ignore": ["$..updated_at"], "max_diff_percent": 0.5, "timeout": "500ms" }
            },
            """;
        var features = """
                "api_v4_restaurants": {
                  "routes": [{ "path": "/api/restaurants" }], "stage": "partial",
                  "shadow": { "max_in_flight": 8, "ignore": ["$.meta"] }
                },
                "api_v4_reviews": { "routes": [{ "path": "/api/reviews" }], "stage": "disabled" },
                "api_v4_users": { "routes": [{ "path": "/api/users" }], "stage": "testing", "shadow": { "max_diff_percent": null, "sample_percent": 0 } }
            """;
        var snapshot = Bound(RolloutDocuments.Valid(features, defaults));

        var restaurants = snapshot.FeaturesByName["api_v4_restaurants"].Shadow!;
        Assert.Equal(10, restaurants.SamplePercent);
        Assert.Equal(8, restaurants.MaxInFlight);
        Assert.Equal(["$.meta"], restaurants.Ignore.Select(p => p.ToString()));
        Assert.Equal(0.5, restaurants.MaxDiffPercent);
        Assert.Equal(TimeSpan.FromMilliseconds(500), restaurants.Timeout);
        Assert.Equal(500, restaurants.MinComparisons);

        var reviews = snapshot.FeaturesByName["api_v4_reviews"].Shadow!;
        Assert.Equal(["$..updated_at"], reviews.Ignore.Select(p => p.ToString()));
        Assert.Equal(32, reviews.MaxInFlight);
        Assert.Equal(0.5, reviews.MaxDiffPercent);

        var users = snapshot.FeaturesByName["api_v4_users"].Shadow!;
        Assert.Null(users.MaxDiffPercent);
        Assert.Equal(0, users.SamplePercent);
        Assert.Equal(["$..updated_at"], users.Ignore.Select(p => p.ToString()));
    }

    [Fact]
    public void A_shadow_block_in_stage_complete_is_a_warning_and_ignored()
    {
        var result = RolloutFileLoaderTests.Load(RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"complete\", \"shadow\": { \"sample_percent\": 10 }")));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("$.features.api_v4_restaurants.shadow", warning.JsonPath);
        Assert.Contains("ignored in stage complete", warning.Message, StringComparison.Ordinal);
        Assert.Null(result.Snapshot!.Features[0].Shadow);
    }

    [Fact]
    public void A_shadow_block_inherited_in_stage_complete_is_ignored_without_a_warning()
    {
        var result = RolloutFileLoaderTests.Load(RolloutDocuments.Valid(
            RolloutDocuments.Feature("\"stage\": \"complete\""), "\"defaults\": { \"shadow\": { \"sample_percent\": 10 } },"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        Assert.Null(result.Snapshot!.Features[0].Shadow);
    }

    [Theory]
    [InlineData("disabled")]
    [InlineData("testing")]
    [InlineData("partial")]
    [InlineData("full")]
    public void Every_stage_with_users_on_v3_keeps_the_shadow_settings_without_a_warning(string stage)
    {
        var result = RolloutFileLoaderTests.Load(RolloutDocuments.Valid(RolloutDocuments.Feature($"\"stage\": \"{stage}\", \"shadow\": {{ \"sample_percent\": 10 }}")));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        Assert.Equal(10, result.Snapshot!.Features[0].Shadow!.SamplePercent);
    }

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "not an object", Shadow("§true"), "$.features.api_v4_restaurants.shadow: must be an object (got true)" },
        { "unknown property", Shadow("{ §\"sample\": 5 }"), "$.features.api_v4_restaurants.shadow.sample: unknown property 'sample'; expected one of: sample_percent, ignore, max_in_flight, max_body_bytes, noise_check_percent, max_diff_percent, min_comparisons, timeout" },
        { "duplicate property", Shadow("{ \"timeout\": \"1s\", §\"timeout\": \"2s\" }"), "$.features.api_v4_restaurants.shadow.timeout: duplicate property 'timeout'" },
        { "sample_percent above 100", Shadow("{ \"sample_percent\": §150 }"), "$.features.api_v4_restaurants.shadow.sample_percent: must be between 0 and 100 with at most two decimals (got 150)" },
        { "sample_percent negative", Shadow("{ \"sample_percent\": §-1 }"), "$.features.api_v4_restaurants.shadow.sample_percent: must be between 0 and 100" },
        { "sample_percent finer than 0.01", Shadow("{ \"sample_percent\": §0.001 }"), "with at most two decimals (got 0.001)" },
        { "sample_percent as a string", Shadow("{ \"sample_percent\": §\"5\" }"), "$.features.api_v4_restaurants.shadow.sample_percent: must be a number (got a string)" },
        { "ignore not an array", Shadow("{ \"ignore\": §\"$.a\" }"), "$.features.api_v4_restaurants.shadow.ignore: must be an array (got a string)" },
        { "ignore entry not a string", Shadow("{ \"ignore\": [\"$.a\", §1] }"), "$.features.api_v4_restaurants.shadow.ignore[1]: must be a string (got a number)" },
        { "ignore entry not a JSON path", Shadow("{ \"ignore\": [\"$.a\", §\"$.items[x]\"] }"), "$.features.api_v4_restaurants.shadow.ignore[1]: \"$.items[x]\" is not a JSON path this gateway reads: unexpected 'x' at character 9: expected an index, '*' or a quoted name after '['" },
        { "ignore entry without $", Shadow("{ \"ignore\": [§\"data.items\"] }"), "$.features.api_v4_restaurants.shadow.ignore[0]: \"data.items\" is not a JSON path this gateway reads: must start with '$' (the whole body) at character 1" },
        { "ignore entry with a bad escape", Shadow("{ \"ignore\": [§\"$['a\\\\n']\"] }"), "invalid escape '\\n' at character 5" },
        { "ignore entry repeated", Shadow("{ \"ignore\": [\"$.a\", §\"$['a']\"] }"), "$.features.api_v4_restaurants.shadow.ignore[1]: \"$['a']\" is the same path as ignore[0] ($.a)" },
        { "max_in_flight zero", Shadow("{ \"max_in_flight\": §0 }"), "$.features.api_v4_restaurants.shadow.max_in_flight: must be a whole number between 1 and 10000 (got 0)" },
        { "max_in_flight too large", Shadow("{ \"max_in_flight\": §10001 }"), "must be a whole number between 1 and 10000 (got 10001)" },
        { "max_in_flight fractional", Shadow("{ \"max_in_flight\": §1.5 }"), "must be a whole number between 1 and 10000 (got 1.5)" },
        { "max_body_bytes too small", Shadow("{ \"max_body_bytes\": §1023 }"), "$.features.api_v4_restaurants.shadow.max_body_bytes: must be a whole number between 1024 and 16777216 (got 1023)" },
        { "max_body_bytes too large", Shadow("{ \"max_body_bytes\": §16777217 }"), "must be a whole number between 1024 and 16777216 (got 16777217)" },
        { "noise_check_percent above 100", Shadow("{ \"noise_check_percent\": §100.5 }"), "$.features.api_v4_restaurants.shadow.noise_check_percent: must be between 0 and 100" },
        { "max_diff_percent zero", Shadow("{ \"max_diff_percent\": §0 }"), "$.features.api_v4_restaurants.shadow.max_diff_percent: must be greater than 0 and at most 100 percent, or null for no parity gate (got 0)" },
        { "max_diff_percent above 100", Shadow("{ \"max_diff_percent\": §101 }"), "must be greater than 0 and at most 100 percent, or null for no parity gate (got 101)" },
        { "max_diff_percent as a string", Shadow("{ \"max_diff_percent\": §\"0.5%\" }"), "$.features.api_v4_restaurants.shadow.max_diff_percent: must be a number (got a string)" },
        { "min_comparisons zero", Shadow("{ \"min_comparisons\": §0 }"), "$.features.api_v4_restaurants.shadow.min_comparisons: must be a whole number between 1 and 10000000 (got 0)" },
        { "min_comparisons too large", Shadow("{ \"min_comparisons\": §10000001 }"), "must be a whole number between 1 and 10000000 (got 10000001)" },
        { "timeout too short", Shadow("{ \"timeout\": §\"50ms\" }"), "$.features.api_v4_restaurants.shadow.timeout: must be between 100ms and 1m (got \"50ms\")" },
        { "timeout too long", Shadow("{ \"timeout\": §\"61s\" }"), "must be between 100ms and 1m (got \"61s\")" },
        { "timeout not a duration", Shadow("{ \"timeout\": §\"2 seconds\" }"), "must be a duration such as" },
        { "timeout as a number", Shadow("{ \"timeout\": §2 }"), "$.features.api_v4_restaurants.shadow.timeout: must be a string (got a number)" },
        { "an error in defaults.shadow", RolloutDocuments.Valid(extraTop: "\"defaults\": { \"shadow\": { \"max_in_flight\": §-3 } },"), "$.defaults.shadow.max_in_flight: must be a whole number between 1 and 10000 (got -3)" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_error_names_line_column_and_path(string why, string marked, string expected) =>
        MarkedDocument.AssertSingleErrorAtMark(why, marked, expected);

    [Fact]
    public void Every_error_in_a_shadow_block_is_reported_at_once_and_the_feature_is_not_bound()
    {
        var result = RolloutFileLoaderTests.Load(Shadow(
            "{ \"sample_percent\": 101, \"ignore\": [\"$.\", \"x\"], \"max_in_flight\": 0, \"max_diff_percent\": 0, \"timeout\": \"1h\", \"colour\": 1 }"));

        Assert.Equal(7, result.Errors.Length);
        Assert.Null(result.Snapshot);
    }

    private static string Shadow(string shadow) =>
        RolloutDocuments.Valid(RolloutDocuments.Feature($"\"stage\": \"partial\", \"shadow\": {shadow}"));

    private static RolloutSnapshot Bound(string document)
    {
        var result = RolloutFileLoaderTests.Load(document);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Snapshot!;
    }
}
