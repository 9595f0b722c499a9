using System.Globalization;
using System.Net;
using System.Text;

namespace Strangler.Gateway.Reporting;

/// <summary>
/// A feature's percentage over time as an inline SVG step chart: one horizontal segment per step
/// (its tooltip says the percentage and when), risers between them, a red marker per revert,
/// a y axis in percent and UTC times on the x axis. No scripts, no external resources.
/// </summary>
internal static class StepChart
{
    private const double Width = 760, Height = 220, Left = 48, Right = 16, Top = 12, Bottom = 36;

    public static string Render(FeatureReport feature, DateTimeOffset now)
    {
        var steps = feature.Steps;
        var from = steps[0].StartedAt;
        var to = now > from ? now : from.AddSeconds(1);
        var span = (to - from).TotalSeconds;
        double X(DateTimeOffset at) => Left + ((Width - Left - Right) * Math.Clamp((at - from).TotalSeconds / span, 0, 1));
        double Y(decimal percentage) => Top + ((Height - Top - Bottom) * (1 - ((double)percentage / 100)));

        var svg = new StringBuilder();
        Append(svg, $"<svg class=\"step-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Encode(feature.Feature)}: v4 percentage over time\">");
        foreach (var tick in new[] { 0m, 25m, 50m, 75m, 100m })
        {
            Append(svg, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(tick):0.#}\" y2=\"{Y(tick):0.#}\" stroke=\"#ddd\"/>");
            Append(svg, $"<text x=\"{Left - 6}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{tick} %</text>");
        }

        Append(svg, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"#666\"/>");
        Append(svg, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\" stroke=\"#666\"/>");
        Append(svg, $"<text x=\"{Left}\" y=\"{Height - 12}\" font-size=\"11\">{MarkdownReport.Utc(from)}</text>");
        Append(svg, $"<text x=\"{Width - Right}\" y=\"{Height - 12}\" text-anchor=\"end\" font-size=\"11\">{MarkdownReport.Utc(to)}</text>");

        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var end = s.EndedAt ?? to;
            var title = $"{s.Percentage} % ({s.Stage}) from {MarkdownReport.Utc(s.StartedAt)} to {(s.EndedAt is { } e ? MarkdownReport.Utc(e) : "now")}";
            Append(svg, $"<g class=\"step\" data-percentage=\"{s.Percentage}\"><title>{Encode(title)}</title>");
            Append(svg, $"<line x1=\"{X(s.StartedAt):0.#}\" x2=\"{Math.Max(X(end), X(s.StartedAt) + 1):0.#}\" y1=\"{Y(s.Percentage):0.#}\" y2=\"{Y(s.Percentage):0.#}\" stroke=\"#1f6feb\" stroke-width=\"3\"/></g>");
            if (i + 1 < steps.Count)
            {
                Append(svg, $"<line class=\"riser\" x1=\"{X(end):0.#}\" x2=\"{X(end):0.#}\" y1=\"{Y(s.Percentage):0.#}\" y2=\"{Y(steps[i + 1].Percentage):0.#}\" stroke=\"#1f6feb\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>");
            }
        }

        foreach (var r in feature.Reverts)
        {
            var title = $"{r.Kind} {r.From} % → {r.To} % at {MarkdownReport.Utc(r.At)}{(r.Rule is { } rule ? $" by {rule}" : string.Empty)}";
            Append(svg, $"<g class=\"revert\"><title>{Encode(title)}</title><circle cx=\"{X(r.At):0.#}\" cy=\"{Y(r.From):0.#}\" r=\"5\" fill=\"#d1242f\"/></g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static void Append(StringBuilder svg, FormattableString text) => svg.Append(text.ToString(CultureInfo.InvariantCulture));
}
