using System.Text.Json;
using Strangler.Gateway.Cli.Admin;

namespace Strangler.Gateway.Tests.Cli.Admin;

/// <summary><c>gateway diffs</c>'s text, from the documented <c>/admin/status</c> and <c>/admin/shadow</c> answers.</summary>
public sealed class ShadowFormatterTests
{
    private const string FailingShadow = """
        { "sample_percent": 5, "comparisons": 812, "matches": 790, "diffs": 20, "noise": 2, "v4_errors": 1, "skipped": 3,
          "diff_rate_percent": 2.46, "diff_rate_upper_percent": 3.6, "max_diff_percent": 0.5, "min_comparisons": 500,
          "parity": "failing", "parity_reason": "diff rate 2.46 % (upper bound 3.6 %) is above max_diff_percent 0.5 % over 812 comparisons",
          "since": "2026-12-01T19:00:00Z",
          "top_paths": [{"path": "$.rating", "count": 20}, {"path": "$.items[0].price", "count": 3}], "noise_paths": ["$.generated_at"] }
        """;

    private const string Samples = """
        { "feature": "api_v4_restaurants", "samples": [
          { "at": "2026-12-01T19:03:04.123Z", "method": "GET", "path": "/api/restaurants/7?x=1",
            "v3_status": 200, "v4_status": 200, "result": "diff", "total_differences": 1,
            "differences": [ {"path": "$.rating", "v3": "4.35", "v4": "4.4"} ], "noise": ["$.generated_at"] },
          { "at": "2026-12-01T19:02:00.000Z", "method": "HEAD", "path": "/api/restaurants",
            "v3_status": 200, "v4_status": 404, "result": "diff", "total_differences": 3,
            "differences": [ {"path": "$.status", "v3": "200", "v4": "404"} ], "noise": [] } ] }
        """;

    [Fact]
    public void A_failing_feature_shows_its_counts_rate_with_bound_limit_parity_reason_and_paths()
    {
        var text = Diffs(Feature(FailingShadow), Samples);

        Assert.Contains("api_v4_restaurants: shadowing 5 % of v3's reads, since 2026-12-01T19:00:00Z", text, StringComparison.Ordinal);
        Assert.Contains("comparisons 812: 790 match, 20 diff, 2 noise only (not compared: 1 v4 errors, 3 skipped)", text, StringComparison.Ordinal);
        Assert.Contains("diff rate 2.46 % (upper bound 3.6 %), limit 0.5 % over at least 500 comparisons", text, StringComparison.Ordinal);
        Assert.Contains("parity failing: diff rate 2.46 % (upper bound 3.6 %) is above max_diff_percent 0.5 % over 812 comparisons", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^    \$\.rating\s+20$", text);
        Assert.Matches(@"(?m)^    \$\.items\[0\]\.price\s+3$", text);
        Assert.Contains("noise paths (differ between two v3 answers, not counted as differences): $.generated_at", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_sample_shows_its_utc_time_request_statuses_and_every_differing_path_with_both_values()
    {
        var lines = Lines(Diffs(Feature(FailingShadow), Samples));
        var first = Array.IndexOf(lines, "2026-12-01T19:03:04.123Z GET /api/restaurants/7?x=1  v3 200, v4 200  diff (1 difference)");
        Assert.True(first > 0, string.Join('\n', lines));
        Assert.Equal("  $.rating: v3 4.35, v4 4.4", lines[first + 1]);
        Assert.Equal("  noise: $.generated_at", lines[first + 2]);

        // Newest first, as the gateway sends them; only the differences the gateway kept are listed, with how many more there were.
        Assert.Equal("2026-12-01T19:02:00.000Z HEAD /api/restaurants  v3 200, v4 404  diff (3 differences)", lines[first + 3]);
        Assert.Equal("  $.status: v3 200, v4 404", lines[first + 4]);
        Assert.Equal("  ... and 2 more", lines[first + 5]);
        Assert.Equal(first + 6, lines.Length);
    }

    [Fact]
    public void A_feature_still_collecting_without_comparisons_shows_no_rate_yet()
    {
        var text = Diffs(
            Feature("""
                { "sample_percent": 5, "comparisons": 0, "matches": 0, "diffs": 0, "noise": 0, "v4_errors": 0, "skipped": 0,
                  "diff_rate_percent": null, "diff_rate_upper_percent": null, "max_diff_percent": 0.5, "min_comparisons": 500,
                  "parity": "collecting", "parity_reason": "0 of 500 comparisons since the last change", "since": "2026-12-01T19:00:00Z",
                  "top_paths": [], "noise_paths": [] }
                """),
            """{ "feature": "api_v4_restaurants", "samples": [] }""");

        Assert.Contains("diff rate - (no comparisons yet), limit 0.5 % over at least 500 comparisons", text, StringComparison.Ordinal);
        Assert.Contains("parity collecting: 0 of 500 comparisons since the last change", text, StringComparison.Ordinal);
        Assert.DoesNotContain("top differing paths", text, StringComparison.Ordinal);
        Assert.DoesNotContain("noise paths", text, StringComparison.Ordinal);
        Assert.EndsWith("no recent samples" + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_feature_without_a_limit_says_parity_is_off()
    {
        var text = Diffs(
            Feature("""
                { "sample_percent": 100, "comparisons": 10, "matches": 10, "diffs": 0, "noise": 0, "v4_errors": 0, "skipped": 0,
                  "diff_rate_percent": 0, "diff_rate_upper_percent": 30.85, "max_diff_percent": null, "min_comparisons": 500,
                  "parity": "off", "since": "2026-12-01T19:00:00Z", "top_paths": [], "noise_paths": [] }
                """),
            """{ "feature": "api_v4_restaurants", "samples": [] }""");

        Assert.Contains("diff rate 0 % (upper bound 30.85 %), no limit (max_diff_percent not set)", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  parity off\r?$", text);
    }

    [Fact]
    public void A_status_without_the_shadow_summary_still_shows_the_samples()
    {
        var text = Diffs("""{ "name": "api_v4_restaurants" }""", Samples);

        Assert.StartsWith("api_v4_restaurants: /admin/status has no shadow summary for this feature", text, StringComparison.Ordinal);
        Assert.Contains("  $.rating: v3 4.35, v4 4.4", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_missing_on_one_side_is_shown_as_absent_and_json_values_as_json()
    {
        var text = Diffs(Feature(FailingShadow), """
            { "feature": "api_v4_restaurants", "samples": [
              { "at": "2026-12-01T19:03:04.123Z", "method": "GET", "path": "/api/restaurants/7", "v3_status": 200, "v4_status": 200,
                "result": "diff", "total_differences": 2,
                "differences": [ {"path": "$.tags", "v3": ["a", "b"], "v4": null}, {"path": "$.new_field", "v4": "x"} ], "noise": [] } ] }
            """);

        Assert.Contains("  $.tags: v3 [\"a\", \"b\"], v4 null", text, StringComparison.Ordinal);
        Assert.Contains("  $.new_field: v3 (absent), v4 x", text, StringComparison.Ordinal);
    }

    private static string Feature(string shadow) => $$"""{ "name": "api_v4_restaurants", "shadow": {{shadow}} }""";

    private static string Diffs(string feature, string samples)
    {
        using var status = JsonDocument.Parse(feature);
        using var shadow = JsonDocument.Parse(samples);
        return ShadowFormatter.Diffs(status.RootElement, shadow.RootElement);
    }

    private static string[] Lines(string text) => text.Split(Environment.NewLine)[..^1];
}
