using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Events;
using Strangler.Gateway.Rollout;

namespace Strangler.Gateway.Webhooks;

/// <summary>
/// The bytes a webhook receives (pure): <c>json</c> is the event as /admin/events shows it plus
/// <c>gateway</c> (the replica that sends it), or a config_rejected object; <c>slack</c> is
/// <c>{"text": ...}</c> with one readable line.
/// </summary>
internal static class WebhookBodies
{
    /// <summary>Errors a Slack line lists before "and N more".</summary>
    public const int SlackErrors = 5;

    public static byte[] For(WebhookNotice notice, string format, string gateway) =>
        format == WebhookFormats.Slack
            ? Write(w => JsonSerializer.Serialize(w, new SlackBody(SlackText(notice, gateway)), WebhookJsonContext.Default.SlackBody))
            : Json(notice, gateway);

    public static byte[] Json(WebhookNotice notice, string gateway)
    {
        if (notice.Event is { } e)
        {
            var body = JsonSerializer.SerializeToNode(e, AdminJsonContext.Default.RolloutEvent)!.AsObject();
            body["gateway"] = gateway;
            return Write(w => body.WriteTo(w));
        }

        var failure = notice.Rejection!;
        return Write(w => JsonSerializer.Serialize(
            w,
            new ConfigRejectedBody(
                WebhookKinds.ConfigRejected,
                failure.At,
                gateway,
                Short(failure.ContentHash),
                failure.Errors.Select(x => new ConfigProblemView(x.File, x.Line, x.Column, x.JsonPath, x.Message)).ToArray()),
            WebhookJsonContext.Default.ConfigRejectedBody));
    }

    /// <summary>One line, escaped for Slack's mrkdwn (&amp;, &lt;, &gt;).</summary>
    public static string SlackText(WebhookNotice notice, string gateway)
    {
        var text = new StringBuilder();
        if (notice.Event is { } e)
        {
            text.Append(e.Feature).Append(": ").Append(e.Kind).Append(' ');
            if (e.From is { } from && e.To is { } to && from != to)
            {
                text.Append(Percent(from)).Append(" → ").Append(Percent(to));
            }
            else if (e.To is { } at)
            {
                text.Append("at ").Append(Percent(at));
            }

            if (e.Evidence is { } evidence)
            {
                var unit = evidence.Rule.Contains("p95", StringComparison.Ordinal) ? " ms" : " %";
                text.Append(CultureInfo.InvariantCulture,
                    $" ({evidence.Rule}: observed {Number(evidence.Observed)}{unit}, bound {Number(evidence.Bound)}{unit}, threshold {Number(evidence.Threshold)}{unit})");
            }

            text.Append(": ").Append(e.Reason).Append("; by ").Append(e.Actor).Append(" on ").Append(e.Replica ?? gateway);
        }
        else
        {
            var failure = notice.Rejection!;
            text.Append("rollout.json revision ").Append(Short(failure.ContentHash) ?? "(unreadable)")
                .Append(" rejected on ").Append(gateway)
                .Append(CultureInfo.InvariantCulture, $" ({failure.Errors.Length} {(failure.Errors.Length == 1 ? "error" : "errors")}); the previous revision keeps serving: ")
                .AppendJoin("; ", failure.Errors.Take(SlackErrors).Select(x => $"{x.File}:{x.Line}:{x.Column} {x.JsonPath}: {x.Message}"));
            if (failure.Errors.Length > SlackErrors)
            {
                text.Append(CultureInfo.InvariantCulture, $"; and {failure.Errors.Length - SlackErrors} more");
            }
        }

        return text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").ToString();
    }

    /// <summary>Readable UTF-8 (no \u escapes for '+', '→', quotes): a body is never embedded in HTML.</summary>
    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? Short(string? hash) => hash?[..Math.Min(12, hash.Length)];

    private static string Percent(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
