using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Strangler.Gateway.Cli.Admin;

/// <summary>
/// <c>gateway diffs FEATURE</c>: where v4's answers differ from v3's. The samples come first from
/// <c>/admin/shadow</c>, whose 404 says whether the feature is unknown or not shadowed; the summary
/// (comparisons, diff rate and bound, parity, top paths) from the feature's <c>/admin/status</c>.
/// </summary>
internal static class DiffsCommand
{
    public static Command Create()
    {
        var feature = new Argument<string>("feature") { Description = "Feature name, e.g. api_v4_restaurants" };
        var limit = new Option<int>("--limit") { Description = "How many recent samples (1..100, newest first)", DefaultValueFactory = _ => 20 };
        var command = AdminCommands.Command("diffs", "Show where v4's answers differ from v3's for a feature: shadow diff rate, parity, top differing paths, recent samples", feature);
        command.Add(limit);
        command.SetAction((parse, ct) => AdminCommands.Connect(parse, async (client, output, error) =>
        {
            var name = Uri.EscapeDataString(parse.GetRequiredValue(feature));
            var shadow = await client.GetAsync($"admin/shadow?feature={name}&limit={parse.GetValue(limit).ToString(CultureInfo.InvariantCulture)}", ct);
            if (!shadow.Success)
            {
                return await AdminCommands.Refused(shadow, error);
            }

            using var samples = JsonDocument.Parse(shadow.Body);
            if (AdminCommands.WantsJson(parse))
            {
                await output.WriteAsync(AdminCommands.Raw(samples.RootElement));
                return ExitCodes.Success;
            }

            var status = await client.GetAsync($"admin/status?feature={name}", ct);
            if (!status.Success)
            {
                return await AdminCommands.Refused(status, error);
            }

            using var summary = JsonDocument.Parse(status.Body);
            await output.WriteAsync(ShadowFormatter.Diffs(summary.RootElement.GetProperty("features")[0], samples.RootElement));
            return ExitCodes.Success;
        }));
        return command;
    }
}
