using System.Globalization;
using System.Text;
using System.Text.Json;
using static Strangler.Gateway.Cli.Admin.JsonFields;

namespace Strangler.Gateway.Cli.Admin;

/// <summary>Human-readable renderings of management API answers for the terminal.</summary>
internal static class AdminFormatter
{
    public static string Status(JsonElement status)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"rollout {Str(status, "rollout_file")} revision {Str(status, "revision")}, applied {Str(status, "applied_at")} ({Num(status, "reloads_applied")} applied, {Num(status, "reloads_rejected")} rejected)");
        if (status.TryGetProperty("config_error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"CONFIG ERROR (revision {Str(error, "revision")} rejected; the previous one keeps serving):");
            foreach (var e in error.GetProperty("errors").EnumerateArray())
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {Str(e, "file")}:{Num(e, "line")}:{Num(e, "column")}: {Str(e, "path")}: {Str(e, "message")}");
            }
        }

        if (status.TryGetProperty("state", out var state))
        {
            foreach (var key in new[] { "load_error", "save_error" })
            {
                if (state.TryGetProperty(key, out var problem) && problem.ValueKind == JsonValueKind.String)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"STATE: {problem.GetString()}");
                }
            }
        }

        if (status.TryGetProperty("fleet", out var fleet) && fleet.ValueKind == JsonValueKind.Object)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"fleet: {Str(fleet, "status")} (replica {Str(fleet, "replica")}, {Str(fleet, "store")}, state {Num(fleet, "staleness_seconds")} s old)");
            foreach (var replica in fleet.GetProperty("replicas").EnumerateArray())
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  replica {Str(replica, "id")}: revision {Str(replica, "file_revision")}, heartbeat {Num(replica, "age_seconds")} s ago");
            }
        }

        if (status.TryGetProperty("observe", out var observe) && observe.ValueKind == JsonValueKind.False)
        {
            text.AppendLine("OBSERVATION OFF (Gateway:Observe=false): outcomes are not recorded, the guard does not run, per-request metrics are not exported");
        }

        var rows = new List<string[]> { new[] { "FEATURE", "DESIRED", "EFFECTIVE", "MODE", "GUARD", "REASON" } };
        foreach (var f in status.GetProperty("features").EnumerateArray())
        {
            var desired = f.GetProperty("desired");
            var effective = f.GetProperty("effective");
            var mode = Str(effective, "mode") + (effective.GetProperty("paused").GetBoolean() ? ",paused" : string.Empty);
            var guard = f.TryGetProperty("guard", out var g) && g.ValueKind == JsonValueKind.Object ? Str(g, "state") : "-";
            rows.Add(
            [
                Str(f, "name"),
                $"{Str(desired, "stage")} {Num(desired, "percentage")}%",
                $"{Str(effective, "stage")} {Num(effective, "percentage")}%",
                mode,
                guard,
                $"{Str(effective, "reason")} ({Str(effective, "actor")})",
            ]);
        }

        text.Append(Table(rows));
        return text.ToString();
    }

    public static string Events(JsonElement events)
    {
        var text = new StringBuilder();
        var list = events.GetProperty("events");
        if (list.GetArrayLength() == 0)
        {
            return "no events" + Environment.NewLine;
        }

        foreach (var e in list.EnumerateArray())
        {
            var change = e.GetProperty("from").ValueKind == JsonValueKind.Null
                ? string.Empty
                : $" {Num(e, "from")}% -> {Num(e, "to")}%";
            var rule = e.TryGetProperty("evidence", out var evidence) && evidence.ValueKind == JsonValueKind.Object
                ? $" [{Str(evidence, "rule")}: observed {Num(evidence, "observed")}, bound {Num(evidence, "bound")}, threshold {Num(evidence, "threshold")}]"
                : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"#{Num(e, "id")} {Str(e, "at")} {Str(e, "feature")} {Str(e, "kind")}{change} by {Str(e, "actor")}: {Str(e, "reason")}{rule}");
        }

        return text.ToString();
    }

    /// <summary>One feature's effective state, as one line (with its line end).</summary>
    public static string Effective(JsonElement effective) =>
        EffectiveLine(effective) + Environment.NewLine;

    /// <summary>Every feature's effective state, one line each.</summary>
    public static string EffectiveAll(JsonElement response) =>
        string.Concat(response.GetProperty("features").EnumerateArray().Select(Effective));

    private static string EffectiveLine(JsonElement effective) =>
        $"{Str(effective, "feature")}: {Str(effective, "stage")} {Num(effective, "percentage")}% ({Str(effective, "mode")}{(effective.GetProperty("paused").GetBoolean() ? ", paused" : string.Empty)}) - {Str(effective, "reason")}";

    private static string Table(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
