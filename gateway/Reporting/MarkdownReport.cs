using System.Globalization;
using System.Text;
using Strangler.Gateway.Events;

namespace Strangler.Gateway.Reporting;

/// <summary>The rollout report as Markdown: readable as plain text in a terminal, renders as tables in a wiki or a ticket.</summary>
internal static class MarkdownReport
{
    public static string Render(RolloutReport report)
    {
        var md = new StringBuilder();
        Line(md, $"# Rollout report");
        Line(md, $"");
        Line(md, $"Generated {Utc(report.GeneratedAt)}, covering since {Utc(report.Since)}.{Counting(report.CountingSince)}");
        foreach (var f in report.Features)
        {
            Feature(md, f);
        }

        return md.ToString();
    }

    private static void Feature(StringBuilder md, FeatureReport f)
    {
        var current = f.Steps[^1];
        Line(md, $"");
        Line(md, $"## {f.Feature}");
        Line(md, $"");
        Line(md, $"- Now: {f.Stage} {f.Percentage} % ({f.Mode}{(f.Paused ? ", paused" : string.Empty)}), in force since {Utc(current.StartedAt)} ({Durations.Format(TimeSpan.FromSeconds(current.Seconds))})");
        Line(md, $"- Guard: {f.Guard}{(f.GuardDetail is { } d ? $": {Cell(d)}" : string.Empty)}");
        Line(md, $"- **Recommendation: {f.Recommendation.Action}**: {f.Recommendation.Reason}");
        Line(md, $"");
        Line(md, $"### Steps");
        Line(md, $"");
        Line(md, $"| Percentage | Stage | Started | Ended | Time | Ended by | v3 requests | v3 errors | v3 p95 | v4 requests | v4 errors | v4 p95 |");
        Line(md, $"|---:|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in f.Steps)
        {
            var ended = s.EndedAt is { } at ? Utc(at) : "in force";
            var by = s.EndedBy is { } e ? Ending(e) : "(figures so far)";
            Line(md, $"| {s.Percentage} % | {s.Stage} | {Utc(s.StartedAt)} | {ended} | {Durations.Format(TimeSpan.FromSeconds(s.Seconds))} | {by}{Partial(s)} | {Requests(s.V3)} | {Errors(s.V3)} | {P95(s.V3)} | {Requests(s.V4)} | {Errors(s.V4)} | {P95(s.V4)} |");
        }

        Line(md, $"");
        Line(md, $"### Reverts");
        Line(md, $"");
        if (f.Reverts.Count == 0)
        {
            Line(md, $"None in this period.");
        }

        foreach (var r in f.Reverts)
        {
            Line(md, $"- {Utc(r.At)}: {r.Kind} {r.From} % → {r.To} %{(r.Rule is { } rule ? $" by {rule}" : string.Empty)} ({r.Actor}): {Cell(r.Reason)}");
            if (r.Evidence is { } ev)
            {
                Line(md, $"  - evidence: {Evidence(ev)}");
            }
        }

        Line(md, $"");
        Line(md, $"### Events");
        Line(md, $"");
        if (f.Events.Count == 0)
        {
            Line(md, $"None in this gateway's event log for this period.");
        }
        else
        {
            Line(md, $"| At | Kind | From → to | Actor | Reason | Evidence |");
            Line(md, $"|---|---|---|---|---|---|");
            foreach (var e in f.Events)
            {
                Line(md, $"| {Utc(e.At)} | {e.Kind} | {e.From} % → {e.To} % | {Cell(e.Actor)} | {Cell(e.Reason)} | {(e.Evidence is { } ev ? Evidence(ev) : string.Empty)} |");
            }
        }

        if (f.Shadow is { } shadow)
        {
            Line(md, $"");
            Line(md, $"### Shadow parity");
            Line(md, $"");
            Line(md, $"- {shadow.Comparisons} comparisons since {Utc(shadow.Since)}: {shadow.Matches} match, {shadow.Diffs} differ, {shadow.Noise} noise, {shadow.V4Errors} v4 errors");
            Line(md, $"- Diff rate {Percent(shadow.DiffRatePercent)} (upper bound {Percent(shadow.DiffRateUpperPercent)}), max_diff_percent {Percent(shadow.MaxDiffPercent)}");
            Line(md, $"- Parity {shadow.Parity}: {Cell(shadow.ParityReason)}");
            foreach (var p in shadow.TopPaths)
            {
                Line(md, $"  - `{p.Path}`: {p.Count}");
            }
        }
    }

    internal static string Ending(StepEnding e) =>
        $"{e.Kind}{(e.EventId is { } id ? $" #{id}" : string.Empty)}{(e.Rule is { } r ? $" ({r})" : string.Empty)} by {Cell(e.Actor)}";

    internal static string Evidence(GuardEvidence e) => Invariant(
        $"{e.Rule}: observed {e.Observed:0.###}, bound {e.Bound:0.###}, threshold {e.Threshold:0.###}; window v4 {e.V4.Requests} requests, {e.V4.Errors} errors ({e.V4.ErrorPercent:0.##} %), p95 {e.V4.P95Ms:0.###} ms; v3 {e.V3.Requests} requests, {e.V3.Errors} errors ({e.V3.ErrorPercent:0.##} %), p95 {e.V3.P95Ms:0.###} ms");

    internal static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Requests(BackendFigures? f) => f is null ? "n/a" : f.Requests.ToString(CultureInfo.InvariantCulture);

    internal static string Errors(BackendFigures? f) => f is null ? "n/a" : Invariant($"{f.Errors} ({f.ErrorPercent:0.##} %)");

    internal static string P95(BackendFigures? f) => f is null || f.Requests == 0 ? "n/a" : Invariant($"{f.P95Ms:0.###} ms");

    internal static string Partial(ReportStep s) => s.CountedSince is { } c ? $", counted since {Utc(c)}" : string.Empty;

    private static string Counting(DateTimeOffset? since) =>
        since is { } at ? $" This gateway has counted since {Utc(at)}; earlier figures come from its state file." : string.Empty;

    private static string Percent(double? value) => value is { } v ? Invariant($"{v:0.##} %") : "n/a";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static void Line(StringBuilder md, FormattableString text) => md.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
