using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Strangler.Gateway.Cli.Admin;

/// <summary>
/// status, events, diffs, report, force, pause, resume and rollback-all: talk to a running gateway's management
/// port. URL and token come from --url/--token or STRANGLER_ADMIN_URL/STRANGLER_ADMIN_TOKEN.
/// </summary>
internal static class AdminCommands
{
    private static readonly Option<string?> Url = new("--url") { Description = $"Management URL (default ${AdminClient.UrlVariable} or {AdminClient.DefaultUrl})" };
    private static readonly Option<string?> Token = new("--token") { Description = $"Admin bearer token (default ${AdminClient.TokenVariable})" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the management API's JSON answer" };
    private static readonly Option<int> Timeout = new("--timeout") { Description = "Seconds to wait for the gateway", DefaultValueFactory = _ => 10 };
    private static readonly Option<string?> Reason = new("--reason") { Description = "Why; recorded in the event history" };

    public static IEnumerable<Command> Create()
    {
        var status = Command("status", "Show desired and effective rollout per feature, guard state and configuration health");
        status.SetAction((parse, ct) => Run(parse, ct, c => c.GetAsync("admin/status", ct), AdminFormatter.Status));
        yield return status;

        var feature = new Option<string?>("--feature") { Description = "Only events of this feature" };
        var limit = new Option<int>("--limit") { Description = "How many (1..1000, newest first)", DefaultValueFactory = _ => 50 };
        var events = Command("events", "Show recent rollout events: reverts, advances, operator actions, with reasons") ;
        events.Add(feature);
        events.Add(limit);
        events.SetAction((parse, ct) =>
        {
            var query = $"admin/events?limit={parse.GetValue(limit).ToString(CultureInfo.InvariantCulture)}";
            if (parse.GetValue(feature) is { } name)
            {
                query += "&feature=" + Uri.EscapeDataString(name);
            }

            return Run(parse, ct, c => c.GetAsync(query, ct), AdminFormatter.Events);
        });
        yield return events;

        yield return DiffsCommand.Create();
        yield return ReportCommand.Create();

        var forceFeature = new Argument<string>("feature") { Description = "Feature name, e.g. api_v4_restaurants" };
        var percentage = new Argument<decimal>("percentage") { Description = "0..100, at most two decimals" };
        var force = Command("force", "Force a feature's v4 percentage; holds until resume", forceFeature, percentage);
        force.Add(Reason);
        force.SetAction((parse, ct) => Run(
            parse, ct,
            c => c.PostAsync($"admin/features/{Uri.EscapeDataString(parse.GetRequiredValue(forceFeature))}/force", new { percentage = parse.GetValue(percentage), reason = parse.GetValue(Reason) }, ct),
            AdminFormatter.Effective));
        yield return force;

        yield return FeatureAction("pause", "Halt auto-advance for a feature (the guard stays armed)");
        yield return FeatureAction("resume", "Return a feature to exactly what rollout.json says (clears pause, force and revert)");

        var rollback = Command("rollback-all", "Emergency: send every user of every feature not complete to v3, testers included, until each is resumed");
        rollback.Add(Reason);
        rollback.SetAction((parse, ct) => Run(
            parse, ct,
            c => c.PostAsync("admin/rollback-all", new { reason = parse.GetValue(Reason) }, ct),
            AdminFormatter.EffectiveAll));
        yield return rollback;
    }

    private static Command FeatureAction(string name, string description)
    {
        var feature = new Argument<string>("feature") { Description = "Feature name, e.g. api_v4_restaurants" };
        var command = Command(name, description, feature);
        command.Add(Reason);
        command.SetAction((parse, ct) => Run(
            parse, ct,
            c => c.PostAsync($"admin/features/{Uri.EscapeDataString(parse.GetRequiredValue(feature))}/{name}", new { reason = parse.GetValue(Reason) }, ct),
            AdminFormatter.Effective));
        return command;
    }

    internal static Command Command(string name, string description, params Argument[] arguments)
    {
        var command = new Command(name, description) { Url, Token, Json, Timeout };
        foreach (var argument in arguments)
        {
            command.Add(argument);
        }

        return command;
    }

    private static Task<int> Run(ParseResult parse, CancellationToken ct, Func<AdminClient, Task<AdminResponse>> call, Func<JsonElement, string> human) =>
        Connect(parse, async (client, output, error) =>
        {
            var response = await call(client);
            if (!response.Success)
            {
                return await Refused(response, error);
            }

            using var json = JsonDocument.Parse(response.Body);
            await output.WriteAsync(parse.GetValue(Json) ? Raw(json.RootElement) : human(json.RootElement));
            return ExitCodes.Success;
        });

    /// <summary>Runs a command's calls with a client for --url, --token and --timeout; a bad URL is a usage error.</summary>
    internal static async Task<int> Connect(ParseResult parse, Func<AdminClient, TextWriter, TextWriter, Task<int>> run)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        AdminClient client;
        try
        {
            client = AdminClient.Create(parse.GetValue(Url), parse.GetValue(Token), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(Timeout))));
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Usage;
        }

        using (client)
        {
            return await run(client, output, error);
        }
    }

    /// <summary>Prints why the gateway refused or could not be reached; the exit code that says which.</summary>
    internal static async Task<int> Refused(AdminResponse response, TextWriter error)
    {
        await error.WriteLineAsync(response.ErrorMessage());
        return response.Status is null ? ExitCodes.Unreachable : ExitCodes.Failure;
    }

    /// <summary>The management API's JSON answer, indented, as --json prints it.</summary>
    internal static string Raw(JsonElement json) => JsonSerializer.Serialize(json, CliOutput.Json) + Environment.NewLine;

    internal static bool WantsJson(ParseResult parse) => parse.GetValue(Json);
}
