using System.Diagnostics;
using Strangler.TestSupport.Servers;

namespace Strangler.TestSupport.Tools;

/// <summary>Runs Prometheus's own promtool (Debian package "prometheus") on text or files.</summary>
public static class Promtool
{
    public const string Install = "install promtool (Debian: apt-get install prometheus)";

    public static string? Binary => new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists);

    public static string Require()
    {
        if (Binary is null)
        {
            ServerRequirement.Missing("promtool", Install);
        }

        return Binary!;
    }

    /// <summary>promtool check metrics on the given exposition text: exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Require(), "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
