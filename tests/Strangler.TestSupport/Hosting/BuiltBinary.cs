using System.Diagnostics;

namespace Strangler.TestSupport.Hosting;

/// <summary>What a run of one of the project's binaries printed and how it exited.</summary>
public sealed record BinaryRun(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs one of the project's built binaries (its dll beside the test assembly) as operators run it, in a
/// directory of its own and without the test's ASPNETCORE/DOTNET environment choices.
/// </summary>
public static class BuiltBinary
{
    public static async Task<BinaryRun> RunAsync(string assemblyName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var directory = Directory.CreateTempSubdirectory("strangler-run-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"));
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
            start.Environment.Remove("DOTNET_ENVIRONMENT");
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {assemblyName}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{assemblyName} did not exit within {timeout.TotalSeconds:0} s");
            }

            return new BinaryRun(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
