using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Strangler.LocalStack.Services;
using Strangler.LocalStack.Traffic;

namespace Strangler.LocalStack;

/// <summary>
/// Starts v3 and v4 on the rollout file's backend URLs, then the gateway in front of them, prints
/// where everything is, optionally drives traffic, and on cancellation stops everything in reverse
/// order. v4 runs on a fresh embedded SQLite database each time, so both backends start from the
/// same sample dataset.
/// </summary>
internal static class LocalStack
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <returns>0 after a requested stop; 1 when a service failed to start or died.</returns>
    public static async Task<int> RunAsync(StackOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var (backends, rolloutError) = RolloutBackends.Read(options.RolloutFile);
        if (backends is null)
        {
            await output.WriteLineAsync("local-stack: " + rolloutError);
            return 1;
        }

        var ports = new (string What, Uri Url)[]
        {
            ("v3 (backends.v3 in the rollout file)", backends.V3),
            ("v4 (backends.v4 in the rollout file)", backends.V4),
            ("the gateway's public port (--public-url)", options.PublicUrl),
            ("the gateway's management port (--management-url)", options.ManagementUrl),
        };
        if (ports.FirstOrDefault(p => !IsFree(p.Url)) is { What: not null } busy)
        {
            await output.WriteLineAsync($"local-stack: {busy.Url} is already in use; it is {busy.What}. Stop what listens there or choose another port.");
            return 1;
        }

        var workDirectory = Directory.CreateTempSubdirectory("strangler-local-stack-");
        // One signing key per run for both backends and the gateway; the printed tokens are signed with it.
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var outputLock = new Lock();
        var services = new List<ServiceProcess>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var backendEnvironment = new Dictionary<string, string> { ["Auth__SigningKey"] = signingKey, ["Faults__Enabled"] = "true" };
            var v3 = Start(ServiceAssemblies.LegacyV3, "v3", ["--urls", backends.V3.ToString(), "--environment", "Development"], backendEnvironment);
            var v4 = Start(ServiceAssemblies.V4, "v4", ["--urls", backends.V4.ToString(), "--environment", "Development", "--Database:SqlitePath=" + Path.Combine(workDirectory.FullName, "v4.db")], backendEnvironment);
            await Task.WhenAll(
                v3.WaitUntilReadyAsync(http, new Uri(backends.V3, "/healthz"), StartTimeout, cancellationToken),
                v4.WaitUntilReadyAsync(http, new Uri(backends.V4, "/readyz"), StartTimeout, cancellationToken));

            // No load balancer sits in front of the local stack: the gateway stops without draining.
            var gateway = Start(
                ServiceAssemblies.Gateway,
                "gateway",
                ["--Gateway:RolloutFile=" + options.RolloutFile, "--Gateway:PublicUrls=" + options.PublicUrl, "--Gateway:Management:Urls=" + options.ManagementUrl, "--Gateway:DrainPeriod=00:00:00"],
                new Dictionary<string, string> { ["Gateway__Identity__JwtSigningKey"] = signingKey });
            await gateway.WaitUntilReadyAsync(http, new Uri(options.ManagementUrl, "/readyz"), StartTimeout, cancellationToken);

            lock (outputLock)
            {
                output.Write(Banner.Describe(options, backends, signingKey));
            }

            using var trafficStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var traffic = options.TrafficRate > 0
                ? new TrafficGenerator(options.PublicUrl, options.TrafficRate, signingKey, output, outputLock).RunAsync(trafficStop.Token)
                : Task.CompletedTask;

            var stopRequested = Task.Delay(Timeout.Infinite, cancellationToken);
            var died = Task.WhenAny(services.Select(s => s.Exited));
            var first = await Task.WhenAny(stopRequested, died);
            await trafficStop.CancelAsync();
            await traffic;
            if (first == died && !cancellationToken.IsCancellationRequested)
            {
                var dead = services.First(s => s.HasExited);
                await output.WriteLineAsync($"local-stack: {dead.Name} exited with code {dead.ExitCode}; stopping the stack");
                return 1;
            }

            return 0;
        }
        catch (ServiceFailedException e)
        {
            await output.WriteLineAsync("local-stack: " + e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            // Reverse order: the gateway first, so nothing is sent to a backend that is going away.
            for (var i = services.Count - 1; i >= 0; i--)
            {
                await services[i].DisposeAsync();
            }

            await output.WriteLineAsync("local-stack: stopped " + string.Join(", ", services.Select(s => s.Name)));
            workDirectory.Delete(recursive: true);
        }

        ServiceProcess Start(string assembly, string name, string[] arguments, IReadOnlyDictionary<string, string> environment)
        {
            var service = ServiceProcess.Start(name, ServiceAssemblies.PathOf(assembly), arguments, environment, output, outputLock);
            services.Add(service);
            return service;
        }
    }

    private static bool IsFree(Uri url)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.TryParse(url.Host, out var address) ? address : IPAddress.Loopback, url.Port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
