using Strangler.Bucketing;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class RolloutFileLoaderTests
{
    [Fact]
    public void A_valid_file_binds_with_defaults_merged()
    {
        var result = Load(RolloutDocuments.Valid());
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        var snapshot = result.Snapshot!;
        Assert.Equal(["http://127.0.0.1:5004/", "http://127.0.0.1:5005/base"], snapshot.Backends.V4.Destinations.Select(d => d.ToString()));
        var restaurants = snapshot.FeaturesByName["api_v4_restaurants"];
        Assert.Equal(RolloutStage.Partial, restaurants.Stage);
        Assert.Equal(1250, restaurants.Percentage.BasisPoints);
        Assert.Equal("strangler", restaurants.Cohort);
        Assert.Equal([5m, 10m, 25m, 50m, 100m], restaurants.Steps.Select(s => s.Value));
        Assert.Equal(TimeSpan.FromHours(24), restaurants.StepInterval);
        Assert.True(restaurants.Failover);
        Assert.False(restaurants.AutoAdvance);
        Assert.Equal(new Thresholds(10, 2000), restaurants.Guard.Critical);
        Assert.Equal(new Thresholds(5, 1000), restaurants.Guard.ForPercentage(Percentage.FromPercent(5)));
        Assert.Equal(new Thresholds(3, 800), restaurants.Guard.ForPercentage(Percentage.FromPercent(25)));
        Assert.Equal(new Thresholds(1, 500), restaurants.Guard.ForPercentage(Percentage.Hundred));
        Assert.Equal([IdentitySourceKind.Header, IdentitySourceKind.Jwt], snapshot.Identity.Sources.Select(s => s.Kind));
        Assert.Equal(AnonymousPolicy.V3, snapshot.Identity.Anonymous);
    }

    [Fact]
    public void A_feature_whose_text_is_unchanged_keeps_the_bound_user_sets_of_the_revision_in_force()
    {
        static string Document(string reviewsUsers, decimal percentage) => RolloutDocuments.Valid($$"""
                "api_v4_restaurants": {
                  "routes": [{ "path": "/api/restaurants", "v4_path": "/api/v4/restaurants" }],
                  "stage": "partial",
                  "percentage": {{percentage}}
                },
                "api_v4_reviews": {
                  "routes": [{ "path": "/api/reviews", "v4_path": "/api/v4/reviews" }],
                  "stage": "testing",
                  "always_v4": [{{reviewsUsers}}]
                }
            """);
        static RolloutLoadResult Parse(string content, RolloutSnapshot? inForce) =>
            RolloutFileLoader.Parse("rollout.json", System.Text.Encoding.UTF8.GetBytes(content), inForce);

        var first = Parse(Document("\"u1\", \"u2\"", 10), null);
        var inForce = first.Snapshot!;
        var edited = Parse(Document("\"u1\", \"u2\"", 60), inForce);
        var listEdited = Parse(Document("\"u1\", \"u3\"", 60), inForce);

        Assert.True(edited.IsValid, string.Join("\n", edited.Errors));
        var reviews = edited.Snapshot!.FeaturesByName["api_v4_reviews"];
        Assert.Same(inForce.FeaturesByName["api_v4_reviews"].AlwaysV4, reviews.AlwaysV4);
        Assert.Equal(inForce.FeaturesByName["api_v4_reviews"].Revision, reviews.Revision);
        Assert.Equal(first.Warnings, edited.Warnings);
        Assert.Equal(6000, edited.Snapshot.FeaturesByName["api_v4_restaurants"].Percentage.BasisPoints);
        Assert.NotEqual(inForce.FeaturesByName["api_v4_restaurants"].Revision, edited.Snapshot.FeaturesByName["api_v4_restaurants"].Revision);

        var rebound = listEdited.Snapshot!.FeaturesByName["api_v4_reviews"];
        Assert.Equal(["u1", "u3"], rebound.AlwaysV4.Order(StringComparer.Ordinal));
        Assert.NotEqual(reviews.Revision, rebound.Revision);
        Assert.Equal(Parse(Document("\"u1\", \"u2\"", 60), null).Snapshot!.FeaturesByName["api_v4_reviews"].Revision, reviews.Revision);
    }

    [Fact]
    public void The_repository_sample_is_valid_without_warnings()
    {
        var result = RolloutFileLoader.Load(Path.Combine(RepoRoot(), "rollout.json"));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        Assert.Equal(["api_v4_restaurants", "api_v4_reviews", "api_v4_users", "api_v4_statistics"], result.Snapshot!.Features.Select(f => f.Name));
    }

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "unknown top-level property", RolloutDocuments.Valid(extraTop: "§\"colour\": \"blue\","), "$.colour: unknown property 'colour'" },
        { "duplicate property", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", §\"stage\": \"full\"")), "$.features.api_v4_restaurants.stage: duplicate property 'stage'" },
        { "unknown stage", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": §\"halfway\"")), "$.features.api_v4_restaurants.stage: unknown stage \"halfway\"; expected one of: disabled, testing, partial, full, complete" },
        { "stage of the wrong type", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": §3")), "$.features.api_v4_restaurants.stage: must be a string (got a number)" },
        { "percentage above 100", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"percentage\": §150")), "$.features.api_v4_restaurants.percentage: must be between 0 and 100 with at most two decimals (got 150)" },
        { "percentage finer than 0.01", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"percentage\": §12.345")), "(got 12.345)" },
        { "percentage as a string", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"percentage\": §\"25\"")), "must be a number (got a string)" },
        { "bad destination URL", RolloutDocuments.Valid().Replace("\"http://127.0.0.1:5003\"", "§\"ftp://legacy\"", StringComparison.Ordinal), "$.backends.v3.destinations[0]: must be an absolute http or https URL (got \"ftp://legacy\")" },
        { "destination with a query", RolloutDocuments.Valid().Replace("\"http://127.0.0.1:5003\"", "§\"http://legacy/?x=1\"", StringComparison.Ordinal), "must not have a query or fragment" },
        { "non-increasing steps", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"steps\": [5, 25, §10]")), "$.features.api_v4_restaurants.steps[2]: steps must increase strictly: 10 follows 25" },
        { "overlapping routes across features", RolloutDocuments.Valid(RolloutDocuments.DefaultFeatures + ", \"api_v4_menus\": { \"routes\": [{ \"path\": §\"/API/Restaurants/menus\" }], \"stage\": \"disabled\" }"), "$.features.api_v4_menus.routes[0].path: route \"/API/Restaurants/menus\" overlaps \"/api/restaurants\" at $.features.api_v4_restaurants.routes[0].path" },
        { "duplicate route in one feature", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"full\"").Replace("\"routes\": [{ \"path\": \"/api/restaurants\", \"v4_path\": \"/api/v4/restaurants\" }]", "\"routes\": [{ \"path\": \"/api/restaurants\" }, { \"path\": §\"/api/restaurants\" }]", StringComparison.Ordinal)), "duplicates \"/api/restaurants\"" },
        { "route with a wildcard", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"full\"").Replace("\"path\": \"/api/restaurants\"", "\"path\": §\"/api/{**rest}\"", StringComparison.Ordinal)), "must be a literal prefix without '{', '}' or '*'" },
        { "user in both lists", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"always_v4\": [\"7\"], \"never_v4\": §[\"7\"]")), "user \"7\" is listed in both always_v4 and never_v4" },
        { "cohort with a colon", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"cohort\": §\"a:b\"")), "without ':'" },
        { "bad duration", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"step_interval\": §\"1 day\"")), "must be a duration such as" },
        { "guard window too short", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"guard\": { \"window\": §\"2s\" }")), "must be between 5s and 1h (got \"2s\")" },
        { "guard steps not ending at 100", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"guard\": { \"steps\": [§{ \"up_to\": 50, \"max_error_percent\": 2, \"max_p95_ms\": 600 }] }")), "the last step must have \"up_to\": 100" },
        { "relative margin negative", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"guard\": { \"max_error_increase_pp\": §-1 }")), "$.features.api_v4_restaurants.guard.max_error_increase_pp: must be at least 0 and below 50 percentage points, or null" },
        { "relative margin as a string", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"guard\": { \"max_error_increase_pp\": §\"1pp\" }")), "must be a number (got a string)" },
        { "step margin too large", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"guard\": { \"steps\": [{ \"up_to\": 100, \"max_error_percent\": 2, \"max_p95_ms\": 600, \"max_error_increase_pp\": §75 }] }")), "$.features.api_v4_restaurants.guard.steps[0].max_error_increase_pp: must be at least 0 and below 50" },
        { "alpha out of range", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"guard\": { \"alpha\": §0.5 }")), "$.features.api_v4_restaurants.guard.alpha: must be between 0.0001 and 0.2" },
        { "warning above critical", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"guard\": §{ \"critical\": { \"max_error_percent\": 4, \"max_p95_ms\": 2000 } }")), "exceed the critical ones" },
        { "unknown identity source", RolloutDocuments.Valid(extraTop: "\"identity\": { \"sources\": [§\"query:user\"] },"), "$.identity.sources[0]: must be header:NAME, jwt:CLAIM or cookie:NAME" },
        { "missing v4 backend", RolloutDocuments.Valid().Replace("\"v4\": { \"destinations\": [\"http://127.0.0.1:5004\", \"http://127.0.0.1:5005/base\"] }", "\"v5\": 1", StringComparison.Ordinal).Replace("\"backends\": {", "\"backends\": §{", StringComparison.Ordinal), "missing required property 'v4'" },
        { "feature name with capitals", RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"full\"").Replace("\"api_v4_restaurants\"", "§\"Restaurants\"", StringComparison.Ordinal)), "feature names are lower-case" },
        { "truncated file", RolloutDocuments.Valid()[..120] + "§", "the file ends inside the " },
        { "invalid JSON", RolloutDocuments.Valid().Replace("\"features\": {", "\"features\": {§{", StringComparison.Ordinal), "invalid JSON" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_error_names_line_column_and_path(string why, string marked, string expected)
    {
        var error = MarkedDocument.AssertSingleErrorAtMark(why, marked, expected);
        Assert.Equal("rollout.json", error.File);
    }

    public static TheoryData<string, string, string> DeletedClosers => new()
    {
        // '¶' marks the opening brace the message must name; '§' where the error is reported.
        {
            "a feature's '}' deleted before the next feature",
            RolloutDocuments.Valid(RolloutDocuments.DefaultFeatures
                .Replace("\"api_v4_restaurants\": {", "\"api_v4_restaurants\": ¶{", StringComparison.Ordinal)
                .Replace("12.5\n    },\n    \"api_v4_reviews\"", "12.5\n    ,\n    §\"api_v4_reviews\"", StringComparison.Ordinal)),
            "$.features.api_v4_restaurants: the object opened at {0} is never closed: its '}' is probably missing before this line"
        },
        {
            "the last feature's '}' deleted",
            RolloutDocuments.Valid(RolloutDocuments.DefaultFeatures
                .Replace("\"api_v4_reviews\": {", "\"api_v4_reviews\": ¶{", StringComparison.Ordinal)
                .Replace("\"stage\": \"disabled\"\n    }", "\"stage\": \"disabled\"\n", StringComparison.Ordinal))
                .Replace("\n  }\n}", "\n  §}\n}", StringComparison.Ordinal),
            "$.features.api_v4_reviews: the object opened at {0} is never closed: its '}' is probably missing before this '}', which is indented for an outer level"
        },
        {
            "a feature's '}' deleted in a file indented with tabs below two-space lines",
            RolloutDocuments.Valid(RolloutDocuments.DefaultFeatures
                .Replace("\"api_v4_restaurants\": {", "\"api_v4_restaurants\": ¶{", StringComparison.Ordinal)
                .Replace("12.5\n    },\n    \"api_v4_reviews\"", "12.5\n    ,\n    §\"api_v4_reviews\"", StringComparison.Ordinal))
                .Replace("    ", "\t", StringComparison.Ordinal),
            "$.features.api_v4_restaurants: the object opened at {0} is never closed: its '}' is probably missing before this line"
        },
        {
            "a file cut inside an array",
            RolloutDocuments.Valid()[..(RolloutDocuments.Valid().IndexOf("\"http://127.0.0.1:5005/base\"", StringComparison.Ordinal))]
                .Replace("\"v4\": { \"destinations\": [", "\"v4\": { \"destinations\": ¶[", StringComparison.Ordinal) + "§",
            "$.backends.v4.destinations: the file ends inside the array opened at {0}: a ']' is missing or the file is truncated"
        },
    };

    [Theory]
    [MemberData(nameof(DeletedClosers))]
    public void A_deleted_closing_brace_is_reported_where_it_is_missing_naming_where_the_object_was_opened(string why, string marked, string expected)
    {
        var opening = MarkedDocument.Parse(marked.Replace("§", string.Empty, StringComparison.Ordinal).Replace('¶', MarkedDocument.Marker)).Marks.Single();
        var document = MarkedDocument.Parse(marked.Replace("¶", string.Empty, StringComparison.Ordinal));
        var error = Assert.Single(RolloutFileLoader.Parse("rollout.json", document.Utf8).Errors);
        var message = expected.Replace("{0}", $"{opening.Line}:{opening.Column}", StringComparison.Ordinal);
        Assert.True(error.ToString().Contains(message, StringComparison.Ordinal), $"{why}: {error}");
        Assert.True(document.Marks.Single() == (error.Line, error.Column), $"{why}: expected {document.Marks.Single()}, got {error}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t\r\n")]
    [InlineData("// the rollout goes here\n")]
    [InlineData("/* nothing yet */ // really")]
    [InlineData("\uFEFF// saved with a byte order mark")]
    public void An_empty_or_comment_only_file_is_reported_as_empty(string content)
    {
        var error = Assert.Single(RolloutFileLoader.Parse("rollout.json", System.Text.Encoding.UTF8.GetBytes(content)).Errors);
        Assert.Equal("rollout.json:1:1: error: $: the file is empty (nothing but whitespace and comments); expected a JSON object", error.ToString());
    }

    [Fact]
    public void An_unterminated_comment_is_a_syntax_error_not_an_empty_file()
    {
        var error = Assert.Single(RolloutFileLoader.Parse("rollout.json", "/* never closed"u8.ToArray()).Errors);
        Assert.DoesNotContain("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_in_a_file_is_reported_at_once()
    {
        var features = """
                "api_v4_restaurants": { "routes": [{ "path": "/api/restaurants" }], "stage": "halfway", "percentage": 101, "colour": 1 },
                "api_v4_reviews": { "routes": [{ "path": "/api/restaurants/reviews" }], "stage": "partial", "steps": [10, 5] }
            """;
        var result = Load(RolloutDocuments.Valid(features, extraTop: "\"identity\": { \"sources\": [] },"));
        Assert.Equal(6, result.Errors.Length);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        var document = MarkedDocument.Parse(RolloutDocuments.Valid(RolloutDocuments.Feature("\"description\": \"café ☕ ünïcödé\", \"stage\": §\"nope\"")));
        var error = Assert.Single(RolloutFileLoader.Parse("r.json", document.Utf8).Errors);
        Assert.Equal(document.Marks[0], (error.Line, error.Column));
    }

    [Fact]
    public void A_byte_order_mark_does_not_shift_positions()
    {
        var document = MarkedDocument.Parse(RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": §\"nope\"")));
        var error = Assert.Single(RolloutFileLoader.Parse("r.json", [0xEF, 0xBB, 0xBF, .. document.Utf8]).Errors);
        Assert.Equal(document.Marks[0], (error.Line, error.Column));
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var result = Load(RolloutDocuments.Valid(RolloutDocuments.Feature("/* block */ \"stage\": \"full\", // why\n")));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Feature_and_guard_overrides_merge_over_defaults()
    {
        var defaults = """
            "defaults": {
              "cohort": "wave-1", "step_interval": "1h30m", "auto_advance": true, "failover": false,
              "guard": { "min_requests": 200, "on_shared_failure": "revert" }
            },
            """;
        var feature = RolloutDocuments.Feature("\"stage\": \"partial\", \"cohort\": \"own\", \"guard\": { \"max_error_increase_pp\": null, \"alpha\": 0.02, \"steps\": [{ \"up_to\": 50, \"max_error_percent\": 2, \"max_p95_ms\": 600, \"max_error_increase_pp\": 0.5 }, { \"up_to\": 100, \"max_error_percent\": 1, \"max_p95_ms\": 500 }], \"critical\": { \"max_error_percent\": 20, \"max_p95_ms\": 3000 } }");
        var result = Load(RolloutDocuments.Valid(feature, extraTop: defaults));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var f = result.Snapshot!.Features[0];
        Assert.Equal("own", f.Cohort);
        Assert.Equal(TimeSpan.FromMinutes(90), f.StepInterval);
        Assert.True(f.AutoAdvance);
        Assert.False(f.Failover);
        Assert.Equal(200, f.Guard.MinRequests);
        Assert.Null(f.Guard.MaxErrorIncreasePercentagePoints);
        Assert.Equal(0.02, f.Guard.Alpha);
        Assert.Equal(0.5, f.Guard.MarginFor(Strangler.Bucketing.Percentage.FromPercent(25)));
        Assert.Null(f.Guard.MarginFor(Strangler.Bucketing.Percentage.FromPercent(75)));
        Assert.Equal(SharedFailurePolicy.Revert, f.Guard.OnSharedFailure);
        Assert.Equal(new Thresholds(20, 3000), f.Guard.Critical);
        Assert.Equal(2, f.Guard.Steps.Length);
    }

    [Fact]
    public void The_relative_margin_defaults_to_one_percentage_point_and_the_old_guard_properties_are_warnings()
    {
        var result = Load(RolloutDocuments.Valid(RolloutDocuments.Feature("\"stage\": \"partial\", \"guard\": { \"consecutive_breaches\": 3, \"confidence\": 0.95 }")));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var guard = result.Snapshot!.Features[0].Guard;
        Assert.Equal(1, guard.MarginFor(Strangler.Bucketing.Percentage.FromPercent(10)));
        Assert.Equal(0.01, guard.Alpha);
        Assert.Equal(2, result.Warnings.Count(w => w.Message.Contains("is no longer used", StringComparison.Ordinal)));
        Assert.Contains(result.Warnings, w => w.JsonPath == "$.features.api_v4_restaurants.guard.consecutive_breaches");
    }

    [Fact]
    public void A_feature_revision_changes_only_with_its_own_text_or_the_defaults()
    {
        var before = Load(RolloutDocuments.Valid()).Snapshot!;
        var otherEdited = Load(RolloutDocuments.Valid(RolloutDocuments.DefaultFeatures.Replace("\"stage\": \"disabled\"", "\"stage\": \"testing\"", StringComparison.Ordinal))).Snapshot!;
        var ownEdited = Load(RolloutDocuments.Valid(RolloutDocuments.DefaultFeatures.Replace("12.5", "25", StringComparison.Ordinal))).Snapshot!;
        var defaultsEdited = Load(RolloutDocuments.Valid(extraTop: "\"defaults\": { \"step_interval\": \"1h\" },")).Snapshot!;

        string Revision(RolloutSnapshot s) => s.FeaturesByName["api_v4_restaurants"].Revision;
        Assert.Equal(Revision(before), Revision(otherEdited));
        Assert.NotEqual(Revision(before), Revision(ownEdited));
        Assert.NotEqual(Revision(before), Revision(defaultsEdited));
        Assert.NotEqual(before.ContentHash, otherEdited.ContentHash);
    }

    [Theory]
    [InlineData("stage\": \"complete\", \"never_v4\": [\"7\"]", "ignored in stage complete")]
    [InlineData("stage\": \"disabled\", \"always_v4\": [\"7\"]", "ignored in stage disabled")]
    [InlineData("stage\": \"full\", \"percentage\": 30", "only partial uses the percentage")]
    public void Questionable_but_valid_settings_are_warnings(string body, string expected)
    {
        var result = Load(RolloutDocuments.Valid(RolloutDocuments.Feature("\"" + body)));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Contains(result.Warnings, w => w.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_the_full_path()
    {
        var result = RolloutFileLoader.Load("does-not-exist/rollout.json");
        Assert.Contains("file not found", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.Null(result.ContentHash);
    }

    internal static RolloutLoadResult Load(string json) => RolloutFileLoader.Parse("rollout.json", System.Text.Encoding.UTF8.GetBytes(json));

    internal static string RepoRoot() => Strangler.TestSupport.Files.RepositoryRoot.Path;
}
