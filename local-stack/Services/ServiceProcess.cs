using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Strangler.LocalStack.Services;

/// <summary>
/// One service of the stack as a child process: its output is passed through line by line with
/// the service's name in front; it is stopped gracefully (SIGTERM, then a kill after a grace period).
/// </summary>
internal sealed partial class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly TextWriter _output;
    private readonly Lock _outputLock;

    private ServiceProcess(string name, Process process, TextWriter output, Lock outputLock)
    {
        Name = name;
        _process = process;
        _output = output;
        _outputLock = outputLock;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Completes when the process exits.</summary>
    public Task Exited => _process.WaitForExitAsync();

    public static ServiceProcess Start(string name, string assemblyPath, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TextWriter output, Lock outputLock)
    {
        var info = new ProcessStartInfo
        {
            // The apphost beside the assembly runs it on the runtime it was built for; "dotnet <assembly>" where there is none.
            FileName = AppHost(assemblyPath) ?? "dotnet",
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (AppHost(assemblyPath) is null)
        {
            info.ArgumentList.Add(assemblyPath);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process, output, outputLock);
        process.OutputDataReceived += (_, e) => service.Write(e.Data);
        process.ErrorDataReceived += (_, e) => service.Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx; fails early when the process exits.</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new ServiceFailedException($"{Name} exited with code {_process.ExitCode} while starting (its output is above)");
            }

            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > timeout)
            {
                throw new ServiceFailedException($"{Name} did not answer {url} within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>Asks the process to stop (SIGTERM; a kill on Windows) and kills it after the grace period.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || Terminate(_process.Id, SigTerm) != 0)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var grace = new CancellationTokenSource(GracePeriod);
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Write($"did not stop within {GracePeriod.TotalSeconds:0} s; killing it");
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private static string? AppHost(string assemblyPath)
    {
        var host = Path.ChangeExtension(assemblyPath, OperatingSystem.IsWindows() ? ".exe" : null);
        return File.Exists(host) ? host : null;
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Write(Name.PadRight(8));
            _output.Write("| ");
            _output.WriteLine(line);
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Terminate(int pid, int signal);
}

/// <summary>A service of the stack failed to start or died.</summary>
internal sealed class ServiceFailedException(string message) : Exception(message);
