using Strangler.Gateway.Admin;
using Strangler.Gateway.Events;
using Strangler.Gateway.Reporting;

namespace Strangler.Gateway.Tests.Reporting;

public sealed class MarkdownReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_report_reads_as_markdown_with_steps_reverts_events_and_parity()
    {
        var evidence = new GuardEvidence("warning-error-rate", 6.5, 4.25, 3, new WindowSummary(400, 26, 6.5, 1, 2.5, 3), new WindowSummary(3600, 1, 0.03, 1, 2, 3), new ThresholdSummary(3, 500, 10, 2000));
        var revert = new RolloutEvent(3, T0.AddMinutes(10), "api_v4_reviews", EventKinds.Revert, 25, 10, "warning | error rate", "guard", evidence);
        var shadow = new ShadowView(50, 812, 790, 20, 2, 0, 0, 2.463, 3.6, 0.5, 200, "failing", "diff rate 2.46 % is above max_diff_percent 0.5 %", true, T0, [new ShadowPathCount("$.average_rating", 20)], []);
        var report = new RolloutReport(T0.AddMinutes(20), T0.AddDays(-7), T0, [new FeatureReport(
            "api_v4_reviews", "partial", 10, "reverted", false, "reverted", "reverted to 10 %",
            [
                new ReportStep(25, "partial", T0, T0.AddMinutes(10), 600, new StepEnding(EventKinds.Revert, 3, "guard", "warning", "warning-error-rate", evidence), new BackendFigures(3600, 1, 0.028, 9.5), new BackendFigures(400, 26, 6.5, 10.25), null),
                new ReportStep(10, "partial", T0.AddMinutes(10), null, 600, null, new BackendFigures(900, 0, 0, 8), new BackendFigures(100, 0, 0, 7), null),
            ],
            [revert],
            [new ReportRevert(revert.At, 25, 10, EventKinds.Revert, "warning-error-rate", "guard", "warning | error rate", evidence, 3)],
            shadow,
            new Recommendation(Recommendation.Investigate, "reverted to 10 % by warning-error-rate"))]);

        var lines = MarkdownReport.Render(report).Split('\n');

        Assert.Equal("# Rollout report", lines[0]);
        Assert.Contains("Generated 2026-06-01 12:20:00Z, covering since 2026-05-25 12:00:00Z. This gateway has counted since 2026-06-01 12:00:00Z; earlier figures come from its state file.", lines);
        Assert.Contains("## api_v4_reviews", lines);
        Assert.Contains("- Now: partial 10 % (reverted), in force since 2026-06-01 12:10:00Z (10m 0s)", lines);
        Assert.Contains("- **Recommendation: investigate**: reverted to 10 % by warning-error-rate", lines);
        Assert.Contains("| 25 % | partial | 2026-06-01 12:00:00Z | 2026-06-01 12:10:00Z | 10m 0s | revert #3 (warning-error-rate) by guard | 3600 | 1 (0.03 %) | 9.5 ms | 400 | 26 (6.5 %) | 10.25 ms |", lines);
        Assert.Contains("| 10 % | partial | 2026-06-01 12:10:00Z | in force | 10m 0s | (figures so far) | 900 | 0 (0 %) | 8 ms | 100 | 0 (0 %) | 7 ms |", lines);
        Assert.Contains("- 2026-06-01 12:10:00Z: revert 25 % → 10 % by warning-error-rate (guard): warning \\| error rate", lines);
        Assert.Contains("  - evidence: warning-error-rate: observed 6.5, bound 4.25, threshold 3; window v4 400 requests, 26 errors (6.5 %), p95 2.5 ms; v3 3600 requests, 1 errors (0.03 %), p95 2 ms", lines);
        Assert.Contains("| 2026-06-01 12:10:00Z | revert | 25 % → 10 % | guard | warning \\| error rate | warning-error-rate: observed 6.5, bound 4.25, threshold 3; window v4 400 requests, 26 errors (6.5 %), p95 2.5 ms; v3 3600 requests, 1 errors (0.03 %), p95 2 ms |", lines);
        Assert.Contains("- 812 comparisons since 2026-06-01 12:00:00Z: 790 match, 20 differ, 2 noise, 0 v4 errors", lines);
        Assert.Contains("- Diff rate 2.46 % (upper bound 3.6 %), max_diff_percent 0.5 %", lines);
        Assert.Contains("- Parity failing: diff rate 2.46 % is above max_diff_percent 0.5 %", lines);
        Assert.Contains("  - `$.average_rating`: 20", lines);
    }
}
