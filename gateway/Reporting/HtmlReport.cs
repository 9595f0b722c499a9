using System.Globalization;
using System.Net;
using System.Text;

namespace Strangler.Gateway.Reporting;

/// <summary>
/// The rollout report as one self-contained HTML page: inline styles and an inline SVG chart per
/// feature, no scripts and nothing fetched, so it can be mailed or attached to a ticket.
/// </summary>
internal static class HtmlReport
{
    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f2328;max-width:1200px}
        h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d0d7de}h3{font-size:15px}
        table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
        td.n{text-align:right}.rec{padding:8px 12px;border-radius:6px;background:#f6f8fa}
        .rec.advance{border-left:4px solid #1a7f37}.rec.hold{border-left:4px solid #9a6700}.rec.investigate{border-left:4px solid #d1242f}
        """;

    public static string Render(RolloutReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rollout report</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>Rollout report</h1>");
        Append(html, $"<p>Generated {E(MarkdownReport.Utc(report.GeneratedAt))}, covering since {E(MarkdownReport.Utc(report.Since))}.");
        if (report.CountingSince is { } counting)
        {
            Append(html, $" This gateway has counted since {E(MarkdownReport.Utc(counting))}; earlier figures come from its state file.");
        }

        html.Append("</p>");
        foreach (var f in report.Features)
        {
            Feature(html, f, report.GeneratedAt);
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Feature(StringBuilder html, FeatureReport f, DateTimeOffset now)
    {
        var current = f.Steps[^1];
        Append(html, $"<section class=\"feature\" id=\"{E(f.Feature)}\"><h2>{E(f.Feature)}</h2>");
        Append(html, $"<p>Now: {E(f.Stage)} {f.Percentage} % ({E(f.Mode)}{(f.Paused ? ", paused" : string.Empty)}), in force since {E(MarkdownReport.Utc(current.StartedAt))} ({E(Durations.Format(TimeSpan.FromSeconds(current.Seconds)))}). Guard: {E(f.Guard)}{(f.GuardDetail is { } d ? ": " + E(d) : string.Empty)}</p>");
        Append(html, $"<p class=\"rec {E(f.Recommendation.Action)}\"><strong>Recommendation: {E(f.Recommendation.Action)}</strong>: {E(f.Recommendation.Reason)}</p>");
        html.Append(StepChart.Render(f, now));

        html.Append("<h3>Steps</h3><table class=\"steps\"><tr><th>Percentage</th><th>Stage</th><th>Started</th><th>Ended</th><th>Time</th><th>Ended by</th><th>v3 requests</th><th>v3 errors</th><th>v3 p95</th><th>v4 requests</th><th>v4 errors</th><th>v4 p95</th></tr>");
        foreach (var s in f.Steps)
        {
            Append(html, $"<tr><td class=\"n\">{s.Percentage} %</td><td>{E(s.Stage)}</td><td>{E(MarkdownReport.Utc(s.StartedAt))}</td><td>{E(s.EndedAt is { } at ? MarkdownReport.Utc(at) : "in force")}</td><td class=\"n\">{E(Durations.Format(TimeSpan.FromSeconds(s.Seconds)))}</td>");
            Append(html, $"<td>{E((s.EndedBy is { } e ? MarkdownReport.Ending(e) : "(figures so far)") + MarkdownReport.Partial(s))}</td>");
            Append(html, $"<td class=\"n\">{E(MarkdownReport.Requests(s.V3))}</td><td class=\"n\">{E(MarkdownReport.Errors(s.V3))}</td><td class=\"n\">{E(MarkdownReport.P95(s.V3))}</td>");
            Append(html, $"<td class=\"n\">{E(MarkdownReport.Requests(s.V4))}</td><td class=\"n\">{E(MarkdownReport.Errors(s.V4))}</td><td class=\"n\">{E(MarkdownReport.P95(s.V4))}</td></tr>");
        }

        html.Append("</table><h3>Reverts</h3>");
        html.Append(f.Reverts.Count == 0 ? "<p>None in this period.</p>" : "<ul class=\"reverts\">");
        foreach (var r in f.Reverts)
        {
            Append(html, $"<li>{E(MarkdownReport.Utc(r.At))}: {E(r.Kind)} {r.From} % → {r.To} %{(r.Rule is { } rule ? " by <strong>" + E(rule) + "</strong>" : string.Empty)} ({E(r.Actor)}): {E(r.Reason)}");
            if (r.Evidence is { } ev)
            {
                Append(html, $"<br>evidence: {E(MarkdownReport.Evidence(ev))}");
            }

            html.Append("</li>");
        }

        html.Append(f.Reverts.Count == 0 ? string.Empty : "</ul>");
        html.Append("<h3>Events</h3>");
        if (f.Events.Count == 0)
        {
            html.Append("<p>None in this gateway's event log for this period.</p>");
        }
        else
        {
            html.Append("<table class=\"events\"><tr><th>At</th><th>Kind</th><th>From → to</th><th>Actor</th><th>Reason</th><th>Evidence</th></tr>");
            foreach (var e in f.Events)
            {
                Append(html, $"<tr><td>{E(MarkdownReport.Utc(e.At))}</td><td>{E(e.Kind)}</td><td>{e.From} % → {e.To} %</td><td>{E(e.Actor)}</td><td>{E(e.Reason)}</td><td>{E(e.Evidence is { } ev ? MarkdownReport.Evidence(ev) : string.Empty)}</td></tr>");
            }

            html.Append("</table>");
        }

        if (f.Shadow is { } shadow)
        {
            Append(html, $"<h3>Shadow parity</h3><p>{shadow.Comparisons} comparisons since {E(MarkdownReport.Utc(shadow.Since))}: {shadow.Matches} match, {shadow.Diffs} differ, {shadow.Noise} noise, {shadow.V4Errors} v4 errors. ");
            Append(html, $"Diff rate {E(Percent(shadow.DiffRatePercent))} (upper bound {E(Percent(shadow.DiffRateUpperPercent))}), max_diff_percent {E(Percent(shadow.MaxDiffPercent))}. Parity {E(shadow.Parity)}: {E(shadow.ParityReason)}</p>");
            if (shadow.TopPaths.Count > 0)
            {
                html.Append("<ul class=\"diff-paths\">");
                foreach (var p in shadow.TopPaths)
                {
                    Append(html, $"<li><code>{E(p.Path)}</code>: {p.Count}</li>");
                }

                html.Append("</ul>");
            }
        }

        html.Append("</section>");
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static void Append(StringBuilder html, FormattableString text) => html.Append(text.ToString(CultureInfo.InvariantCulture));
}
