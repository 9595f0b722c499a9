using System.CommandLine;

namespace Strangler.Gateway.Cli.Admin;

/// <summary>
/// <c>gateway report [FEATURE] [--since 7d] [--format md|html] [--out FILE]</c>: the rollout report
/// from <c>/admin/report</c>, printed or written to a file (the gateway renders it).
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var feature = new Argument<string?>("feature") { Description = "Only this feature, e.g. api_v4_restaurants (default: every feature)", Arity = ArgumentArity.ZeroOrOne };
        var since = new Option<string>("--since") { Description = "How far back: a number with s, m, h, d or w", DefaultValueFactory = _ => "7d" };
        var format = new Option<string>("--format") { Description = "md (Markdown) or html (one self-contained page with charts)", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html");
        var output = new Option<FileInfo?>("--out") { Description = "Write the report to this file instead of printing it" };
        var command = AdminCommands.Command("report", "Rollout report: per feature the percentage timeline, per-step v3/v4 figures, events with evidence, reverts, parity and a recommendation", feature);
        command.Add(since);
        command.Add(format);
        command.Add(output);
        command.SetAction((parse, ct) => AdminCommands.Connect(parse, async (client, stdout, error) =>
        {
            var query = $"admin/report?since={Uri.EscapeDataString(parse.GetValue(since)!)}&format={(AdminCommands.WantsJson(parse) ? "json" : parse.GetValue(format))}";
            if (parse.GetValue(feature) is { Length: > 0 } name)
            {
                query += "&feature=" + Uri.EscapeDataString(name);
            }

            var response = await client.GetAsync(query, ct);
            if (!response.Success)
            {
                return await AdminCommands.Refused(response, error);
            }

            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, response.Body, ct);
                await stdout.WriteLineAsync($"report written to {file.FullName}");
            }
            else
            {
                await stdout.WriteAsync(response.Body);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
