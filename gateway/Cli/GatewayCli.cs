using System.CommandLine;
using Strangler.Gateway.Cli.Admin;

namespace Strangler.Gateway.Cli;

/// <summary>
/// The gateway binary's commands for ops and scripts. Without a command the binary starts the
/// gateway; with one of these it runs the command and exits with an <see cref="ExitCodes"/> value.
/// An argument that is neither a command nor a setting (a mistyped command, a stray word) is a
/// usage error: it lists the commands and exits 2 instead of starting a server that ignores it.
/// </summary>
internal static class GatewayCli
{
    private const string HelpCommand = "help";
    private static readonly string[] HelpTokens = ["--help", "-h", "-?", "--version"];

    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Strangler gateway: routes each user to the legacy v3 API or the new v4 API per rollout.json, guards v4 and reverts it when it misbehaves. "
            + "Run without a command to start the gateway (settings: appsettings.json, environment Gateway__*, or --Gateway:Setting=value).")
        {
            ValidateCommand.Create(),
            Simulate.SimulateCommand.Create(),
        };
        foreach (var command in AdminCommands.Create())
        {
            root.Add(command);
        }

        return root;
    }

    /// <summary>
    /// True when the arguments are for the command line (a command, help, or a mistake to report)
    /// rather than settings to start the server with.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (IsCommandName(args[0]) || ServerArguments.FirstStray(args) is not null);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = Create();
        if (args.Length > 0 && args[0] == HelpCommand)
        {
            // "gateway help" and "gateway help status" mean what --help means.
            args = [.. args.Skip(1).Take(1), "--help"];
        }

        if (args.Length > 0 && !IsCommandName(args[0], root))
        {
            await Unknown(root, args, error);
            return ExitCodes.Usage;
        }

        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync($"Run 'gateway {args.FirstOrDefault()} --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(configuration, cancellationToken);
    }

    private static async Task Unknown(RootCommand root, string[] args, TextWriter error)
    {
        var stray = ServerArguments.FirstStray(args) ?? args[0];
        var names = root.Subcommands.Select(c => c.Name).ToArray();
        var problem = names.Contains(stray) ? $"the command '{stray}' must come first, before any setting"
            : stray == args[0] && !stray.StartsWith('-') ? $"unknown command '{stray}'"
            : $"unexpected argument '{stray}'";
        var closest = names.Contains(stray) ? null : Suggestion.Closest(stray.TrimStart('-'), names);
        await error.WriteLineAsync($"gateway: {problem}." + (closest is null ? string.Empty : $" Did you mean '{closest}'?"));
        await error.WriteLineAsync("Commands:");
        var width = names.Max(n => n.Length) + 2;
        foreach (var command in root.Subcommands)
        {
            await error.WriteLineAsync($"  {command.Name.PadRight(width)}{command.Description}");
        }

        await error.WriteLineAsync("Run 'gateway help COMMAND' for a command's usage. Without a command the gateway starts; "
            + "its settings are written --Section:Key=value (e.g. --Gateway:RolloutFile=rollout.json).");
    }

    private static bool IsCommandName(string arg) => IsCommandName(arg, Create());

    private static bool IsCommandName(string arg, RootCommand root) =>
        arg == HelpCommand || HelpTokens.Contains(arg) || root.Subcommands.Any(c => c.Name == arg);
}
