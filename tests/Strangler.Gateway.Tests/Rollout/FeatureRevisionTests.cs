using Strangler.Gateway.Rollout.Loading;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>A feature's revision is its bound, effective configuration: what ops change, not how they write it.</summary>
public sealed class FeatureRevisionTests
{
    private const string Defaults = """
        "defaults": {
          "step_interval": "12h",
          "guard": { "min_requests": 50 }
        },
        """;

    private const string Restaurants = """
            "api_v4_restaurants": {
              "description": "Restaurant list and detail",
              "routes": [{ "path": "/api/restaurants", "v4_path": "/api/v4/restaurants" }, { "path": "/api/menus" }],
              "stage": "partial",
              "percentage": 12.5,
              "always_v4": ["1", "2"],
              "never_v4": ["9"]
            },
            "api_v4_reviews": {
              "routes": [{ "path": "/api/reviews" }],
              "stage": "full",
              "guard": { "min_requests": 100 }
            }
        """;

    public static TheoryData<string, string> CosmeticEdits => new()
    {
        { "a comment in the feature", Document().Replace("\"stage\": \"partial\",", "\"stage\": \"partial\", // reverted by the guard on Monday, see INC-42", StringComparison.Ordinal) },
        { "a block comment in defaults", Document().Replace("\"step_interval\": \"12h\",", "/* slower steps while the team is away */ \"step_interval\": \"12h\",", StringComparison.Ordinal) },
        { "the whole file on one line", string.Join(' ', Document().Split('\n').Select(l => l.Trim())) },
        { "re-indented with tabs", Document().Replace("  ", "\t", StringComparison.Ordinal) },
        { "properties in another order", Document().Replace("\"stage\": \"partial\",\n      \"percentage\": 12.5,", "\"percentage\": 12.5,\n      \"stage\": \"partial\",", StringComparison.Ordinal) },
        { "a number written differently", Document().Replace("12.5", "12.50", StringComparison.Ordinal) },
        { "a number in exponent form", Document().Replace("12.5", "1.25e1", StringComparison.Ordinal) },
        { "user ids in another order", Document().Replace("[\"1\", \"2\"]", "[\"2\", \"1\"]", StringComparison.Ordinal) },
        { "routes in another order", Document().Replace("[{ \"path\": \"/api/restaurants\", \"v4_path\": \"/api/v4/restaurants\" }, { \"path\": \"/api/menus\" }]", "[{ \"path\": \"/api/menus\" }, { \"path\": \"/api/restaurants\", \"v4_path\": \"/api/v4/restaurants\" }]", StringComparison.Ordinal) },
        { "a trailing comma", Document().Replace("\"never_v4\": [\"9\"]", "\"never_v4\": [\"9\"],", StringComparison.Ordinal) },
        { "the description", Document().Replace("Restaurant list and detail", "Restaurant list, detail and admin writes", StringComparison.Ordinal) },
        { "an inherited value written out", Document().Replace("\"stage\": \"partial\",", "\"stage\": \"partial\", \"cohort\": \"strangler\", \"step_interval\": \"12h\",", StringComparison.Ordinal) },
        { "a built-in default written into defaults", Document().Replace("\"step_interval\": \"12h\",", "\"step_interval\": \"12h\", \"steps\": [5, 10, 25, 50, 100], \"failover\": true,", StringComparison.Ordinal) },
        { "a duration spelled differently", Document().Replace("\"12h\"", "\"720m\"", StringComparison.Ordinal) },
        { "another feature edited", Document().Replace("\"min_requests\": 100", "\"min_requests\": 150", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(CosmeticEdits))]
    public void A_cosmetic_edit_keeps_the_revision(string edit, string edited)
    {
        Assert.True(Revision(Document()) == Revision(edited), $"{edit} changed the revision");
    }

    public static TheoryData<string, string> RealEdits => new()
    {
        { "stage", Document().Replace("\"stage\": \"partial\"", "\"stage\": \"full\"", StringComparison.Ordinal) },
        { "percentage", Document().Replace("12.5", "12.51", StringComparison.Ordinal) },
        { "an always_v4 user", Document().Replace("[\"1\", \"2\"]", "[\"1\", \"3\"]", StringComparison.Ordinal) },
        { "a never_v4 user", Document().Replace("[\"9\"]", "[\"9\", \"10\"]", StringComparison.Ordinal) },
        { "a route path", Document().Replace("\"/api/menus\"", "\"/api/menu\"", StringComparison.Ordinal) },
        { "a v4 path", Document().Replace("\"/api/v4/restaurants\"", "\"/api/v4/places\"", StringComparison.Ordinal) },
        { "cohort", Document().Replace("\"stage\": \"partial\",", "\"stage\": \"partial\", \"cohort\": \"wave-2\",", StringComparison.Ordinal) },
        { "steps", Document().Replace("\"stage\": \"partial\",", "\"stage\": \"partial\", \"steps\": [5, 10, 20, 50, 100],", StringComparison.Ordinal) },
        { "max_percentage", Document().Replace("\"stage\": \"partial\",", "\"stage\": \"partial\", \"max_percentage\": 50,", StringComparison.Ordinal) },
        { "step_interval in defaults", Document().Replace("\"12h\"", "\"13h\"", StringComparison.Ordinal) },
        { "auto_advance", Document().Replace("\"stage\": \"partial\",", "\"stage\": \"partial\", \"auto_advance\": true,", StringComparison.Ordinal) },
        { "failover", Document().Replace("\"stage\": \"partial\",", "\"stage\": \"partial\", \"failover\": false,", StringComparison.Ordinal) },
        { "guard.enabled", Document().Replace("\"min_requests\": 50", "\"min_requests\": 50, \"enabled\": false", StringComparison.Ordinal) },
        { "guard.window", Document().Replace("\"min_requests\": 50", "\"min_requests\": 50, \"window\": \"30s\"", StringComparison.Ordinal) },
        { "guard.min_requests in defaults", Document().Replace("\"min_requests\": 50", "\"min_requests\": 60", StringComparison.Ordinal) },
        { "guard.max_error_increase_pp", Document().Replace("\"min_requests\": 50", "\"min_requests\": 50, \"max_error_increase_pp\": 2", StringComparison.Ordinal) },
        { "guard.alpha", Document().Replace("\"min_requests\": 50", "\"min_requests\": 50, \"alpha\": 0.02", StringComparison.Ordinal) },
        { "guard.on_shared_failure", Document().Replace("\"min_requests\": 50", "\"min_requests\": 50, \"on_shared_failure\": \"revert\"", StringComparison.Ordinal) },
        { "guard.critical", Document().Replace("\"min_requests\": 50", "\"min_requests\": 50, \"critical\": { \"max_error_percent\": 10, \"max_p95_ms\": 2500 }", StringComparison.Ordinal) },
        { "guard.steps", Document().Replace("\"min_requests\": 50", "\"min_requests\": 50, \"steps\": [{ \"up_to\": 100, \"max_error_percent\": 1, \"max_p95_ms\": 450 }]", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(RealEdits))]
    public void A_change_of_a_value_in_force_is_a_new_revision(string edit, string edited)
    {
        Assert.True(Revision(Document()) != Revision(edited), $"changing {edit} kept the revision");
    }

    [Fact]
    public void A_defaults_change_is_a_new_revision_only_for_the_features_that_inherit_the_value()
    {
        var edited = Document().Replace("\"min_requests\": 50", "\"min_requests\": 80", StringComparison.Ordinal);
        Assert.NotEqual(Revision(Document(), "api_v4_restaurants"), Revision(edited, "api_v4_restaurants"));
        Assert.Equal(Revision(Document(), "api_v4_reviews"), Revision(edited, "api_v4_reviews")); // sets its own min_requests
    }

    [Theory]
    [InlineData("\"stage\": \"full\", \"percentage\": 30", "\"stage\": \"full\", \"percentage\": 40")]
    [InlineData("\"stage\": \"disabled\", \"always_v4\": [\"1\"]", "\"stage\": \"disabled\", \"always_v4\": [\"2\"]")]
    [InlineData("\"stage\": \"complete\", \"never_v4\": [\"1\"]", "\"stage\": \"complete\"")]
    public void Values_the_stage_ignores_are_not_part_of_the_revision(string before, string after)
    {
        Assert.Equal(
            Revision(RolloutDocuments.Valid(RolloutDocuments.Feature(before))),
            Revision(RolloutDocuments.Valid(RolloutDocuments.Feature(after))));
    }

    public static TheoryData<string, string> ShadowEdits => new()
    {
        { "a shadow block added to the feature", Document().Replace("\"stage\": \"partial\",", "\"stage\": \"partial\", \"shadow\": {},", StringComparison.Ordinal) },
        { "a shadow block added to defaults", Document().Replace("\"step_interval\": \"12h\",", "\"step_interval\": \"12h\", \"shadow\": { \"sample_percent\": 50, \"ignore\": [\"$..updated_at\"], \"max_diff_percent\": 0.5 },", StringComparison.Ordinal) },
        {
            "every shadow setting changed",
            Document().Replace("\"stage\": \"partial\",", """
                "stage": "partial", "shadow": { "sample_percent": 100, "ignore": ["$.a", "$..b", "$.c[*]"], "max_in_flight": 1, "max_body_bytes": 1024,
                  "noise_check_percent": 50, "max_diff_percent": 2, "min_comparisons": 1, "timeout": "60s" },
                """, StringComparison.Ordinal)
        },
    };

    [Theory]
    [MemberData(nameof(ShadowEdits))]
    public void Shadow_settings_are_not_part_of_the_revision(string edit, string edited)
    {
        // Sampling and comparison do not change who is served by what: changing them must never end a revert.
        Assert.True(Revision(Document()) == Revision(edited), $"{edit} changed the revision");
        var inForce = RolloutFileLoaderTests.Load(Document()).Snapshot!;
        var reloaded = RolloutFileLoader.Parse("rollout.json", System.Text.Encoding.UTF8.GetBytes(edited), inForce).Snapshot!;
        Assert.NotNull(reloaded.FeaturesByName["api_v4_restaurants"].Shadow);
        Assert.Equal(inForce.FeaturesByName["api_v4_restaurants"].Revision, reloaded.FeaturesByName["api_v4_restaurants"].Revision);
    }

    [Fact]
    public void The_encoding_is_pinned_because_state_files_keep_revisions_across_releases()
    {
        // If this fails, persisted reverts would be cleared by the upgrade: keep the encoding, or
        // introduce a new scheme with a migration of state files (see FeatureRevision.Scheme).
        Assert.Equal("a62aa391fcf38a2de00ce3acbb04d5e2aa59f027b10ed979a8244e437806f100", Revision(Document()));
    }

    [Fact]
    public void The_text_revision_of_state_files_version_1_is_still_computed_as_they_recorded_it()
    {
        var document = Document();
        var bytes = System.Text.Encoding.UTF8.GetBytes(document);
        var feature = RolloutFileLoaderTests.Load(document).Snapshot!.FeaturesByName["api_v4_restaurants"];
        var defaultsStart = document.IndexOf('{', document.IndexOf("\"defaults\"", StringComparison.Ordinal));
        var guardEnd = document.IndexOf("\"min_requests\": 50 }", StringComparison.Ordinal) + "\"min_requests\": 50 }".Length;
        var defaultsEnd = document.IndexOf('}', guardEnd) + 1;
        var featureStart = document.IndexOf("\"api_v4_restaurants\"", StringComparison.Ordinal);
        var featureEnd = document.IndexOf("\n    },", featureStart, StringComparison.Ordinal) + "\n    }".Length;
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            [.. bytes.AsSpan(defaultsStart, defaultsEnd - defaultsStart), .. bytes.AsSpan(featureStart, featureEnd - featureStart)]));
        Assert.Equal(expected, feature.TextRevision);
    }

    private static string Document() => RolloutDocuments.Valid(Restaurants, Defaults);

    private static string Revision(string document, string feature = "api_v4_restaurants")
    {
        var result = RolloutFileLoaderTests.Load(document);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Snapshot!.FeaturesByName[feature].Revision;
    }
}
