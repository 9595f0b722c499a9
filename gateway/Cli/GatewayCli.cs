using System.CommandLine;
using Strangler.Gateway.Cli.Admin;

namespace Strangler.Gateway.Cli;

/// <summary>
/// The gateway binary's commands for ops and scripts. Without a command the binary starts the
/// gateway; with one of these it runs the command and exits with an <see cref="ExitCodes"/> value.
/// </summary>
internal static class GatewayCli
{
    private static readonly string[] HelpTokens = ["--help", "-h", "-?", "--version"];

    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Strangler gateway: routes each user to the legacy v3 API or the new v4 API per rollout.json, guards v4 and reverts it when it misbehaves. "
            + "Run without a command to start the gateway (settings: appsettings.json, environment Gateway__*, or --Gateway:Setting=value).")
        {
            ValidateCommand.Create(),
        };
        foreach (var command in AdminCommands.Create())
        {
            root.Add(command);
        }

        return root;
    }

    /// <summary>True when the arguments name a command (or ask for help) rather than start the server.</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (HelpTokens.Contains(args[0]) || Create().Subcommands.Any(c => c.Name == args[0]));

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parse = Create().Parse(args);
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
}
