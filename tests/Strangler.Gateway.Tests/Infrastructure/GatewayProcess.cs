using System.Collections.Concurrent;
using System.Diagnostics;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// The built gateway binary running as a separate OS process, as ops run it. The last lines of its
/// output are kept: when it has exited by itself (not signalled) by the end of the test, they go to
/// the test's output, so a test that then finds its port closed says why.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private const int TailLines = 100;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail;
    private volatile bool _signalled;

    private GatewayProcess(Process process, ConcurrentQueue<string> tail, Uri publicAddress, Uri managementAddress)
    {
        _process = process;
        _tail = tail;
        PublicAddress = publicAddress;
        ManagementAddress = managementAddress;
    }

    public Uri PublicAddress { get; }

    public Uri ManagementAddress { get; }

    public static string Binary => Path.Combine(AppContext.BaseDirectory, "gateway.dll");

    public static async Task<GatewayProcess> StartAsync(string rolloutPath, params string[] extra)
    {
        var publicPort = FreePort.Next();
        var managementPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(rolloutPath)!,
        };
        foreach (var argument in new[]
        {
            Binary,
            $"--Gateway:RolloutFile={rolloutPath}",
            $"--Gateway:PublicUrls=http://127.0.0.1:{publicPort}",
            $"--Gateway:Management:Urls=http://127.0.0.1:{managementPort}",
            "--Serilog:MinimumLevel:Default=Warning",
        }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var tail = new ConcurrentQueue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            tail.Enqueue(line);
            while (tail.Count > TailLines && tail.TryDequeue(out _))
            {
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, tail, new Uri($"http://127.0.0.1:{publicPort}/"), new Uri($"http://127.0.0.1:{managementPort}/"));
        using var probe = new HttpClient { BaseAddress = gateway.ManagementAddress, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await WaitUntilReadyAsync(process, probe);
        }
        catch
        {
            await gateway.DisposeAsync(); // a process that never became ready must not outlive the test
            throw;
        }

        return gateway;
    }

    private static Task WaitUntilReadyAsync(Process process, HttpClient probe) =>
        Eventually.HoldsAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the gateway process exited with {process.ExitCode}");
                }

                try
                {
                    using var response = await probe.GetAsync("readyz");
                    return response.IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or too busy starting to answer within the probe's timeout.
                    return false;
                }
            },
            "the gateway process to be ready",
            TimeSpan.FromSeconds(30));

    /// <summary>Sends SIGTERM, as a container runtime or systemd does to stop the gateway.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>Sends a signal: -KILL (a crash), -STOP (a frozen process: a long GC pause, a stopped VM), -CONT.</summary>
    public void Signal(string signal)
    {
        _signalled = true;
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {_process.Id} exited with {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the process to end on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited && !_signalled)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"The gateway process {_process.Id} had exited by itself with {_process.ExitCode}; its last output:{Environment.NewLine}{string.Join(Environment.NewLine, _tail)}");
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
