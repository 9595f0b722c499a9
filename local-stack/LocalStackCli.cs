using System.CommandLine;
using System.Runtime.InteropServices;

namespace Strangler.LocalStack;

/// <summary>Command line of the local stack; Ctrl+C and SIGTERM stop it.</summary>
internal static class LocalStackCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rollout = new Option<FileInfo>("--rollout")
        {
            Description = "rollout.json to serve; v3 and v4 are started on the first destination of its backends",
            DefaultValueFactory = _ => new FileInfo("rollout.json"),
        };
        var publicUrl = new Option<Uri>("--public-url")
        {
            Description = "the gateway's public URL",
            DefaultValueFactory = _ => new Uri("http://127.0.0.1:8080"),
        };
        var managementUrl = new Option<Uri>("--management-url")
        {
            Description = "the gateway's management URL (dashboard, admin API, metrics)",
            DefaultValueFactory = _ => new Uri("http://127.0.0.1:8081"),
        };
        var traffic = new Option<int>("--traffic")
        {
            Description = "drive synthetic traffic through the gateway at this many requests per second (0: none; the option alone: 100)",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = ParseRate,
        };
        traffic.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > TrafficOptions.MaxRate)
            {
                result.AddError($"--traffic must be between 0 and {TrafficOptions.MaxRate} requests per second");
            }
        });

        var root = new RootCommand("Starts the legacy v3 stub, the v4 backend (embedded SQLite) and the gateway on this machine, optionally with synthetic traffic; Ctrl+C stops them all.")
        {
            rollout, publicUrl, managementUrl, traffic,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var options = new StackOptions(
                parse.GetValue(rollout)!.FullName,
                parse.GetValue(publicUrl)!,
                parse.GetValue(managementUrl)!,
                parse.GetValue(traffic));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Ctrl+C reaches the services too (same process group); SIGTERM only this process. Either way
            // the stack stops in order and this process waits for every service to exit.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            return await LocalStack.RunAsync(options, Console.Out, stop.Token);

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });

        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(configuration);
    }

    private static int ParseRate(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return TrafficOptions.DefaultRate;
        }

        if (int.TryParse(result.Tokens[0].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rate))
        {
            return rate;
        }

        result.AddError($"--traffic takes a whole number of requests per second, not '{result.Tokens[0].Value}'");
        return 0;
    }
}
