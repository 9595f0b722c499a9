using System.CommandLine;
using System.Text.Json;
using Strangler.Gateway.Rollout.Loading;

namespace Strangler.Gateway.Cli;

/// <summary><c>gateway validate rollout.json</c>: check a file before deploying it, like <c>nginx -t</c>.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The rollout file to check, e.g. rollout.json" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("validate", "Check a rollout file and print every error with file, line, column and JSON path") { file, json };
        command.SetAction((parse) => Run(parse.GetRequiredValue(file), parse.GetValue(json), parse.InvocationConfiguration.Output));
        return command;
    }

    public static int Run(FileInfo file, bool json, TextWriter output)
    {
        var result = RolloutFileLoader.Load(file.FullName);
        var display = result with
        {
            Errors = [.. result.Errors.Select(e => e with { File = file.ToString() })],
            Warnings = [.. result.Warnings.Select(e => e with { File = file.ToString() })],
        };

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(
                new
                {
                    file = file.ToString(),
                    valid = display.IsValid,
                    revision = display.Snapshot?.ShortRevision,
                    features = display.Snapshot?.Features.Length ?? 0,
                    errors = display.Errors.Select(Describe),
                    warnings = display.Warnings.Select(Describe),
                },
                CliOutput.Json));
        }
        else
        {
            foreach (var problem in display.Errors.Concat(display.Warnings))
            {
                output.WriteLine(problem.ToString());
            }

            output.WriteLine(display.IsValid
                ? $"{file}: OK (revision {display.Snapshot!.ShortRevision}, {display.Snapshot.Features.Length} features, {display.Warnings.Length} warnings)"
                : $"{file}: INVALID ({display.Errors.Length} errors, {display.Warnings.Length} warnings)");
        }

        return display.IsValid ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static object Describe(RolloutError e) => new { file = e.File, line = e.Line, column = e.Column, path = e.JsonPath, message = e.Message };
}
