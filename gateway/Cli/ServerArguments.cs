namespace Strangler.Gateway.Cli;

/// <summary>
/// Which arguments the server would silently ignore. Started without a command, the gateway reads
/// its arguments as settings the way ASP.NET Core's command-line configuration does:
/// <c>--Key=value</c>, <c>--Key value</c>, <c>/Key=value</c>, <c>/Key value</c> and <c>Key=value</c>.
/// Anything else (a bare word such as a mistyped command, or a single-dash option, which that
/// configuration ignores or rejects with an exception) is a mistake to report, not a server to start.
/// </summary>
internal static class ServerArguments
{
    /// <summary>The first argument that is neither a setting nor a setting's value; null when all are settings.</summary>
    public static string? FirstStray(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) || arg.StartsWith('/'))
            {
                if (!arg.Contains('=', StringComparison.Ordinal))
                {
                    i++; // "--Key value": the next argument is the value, whatever it looks like
                }
            }
            else if (arg.StartsWith('-') || !arg.Contains('=', StringComparison.Ordinal) || arg.StartsWith('='))
            {
                return arg;
            }
        }

        return null;
    }
}
