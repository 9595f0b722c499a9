using System.Text.Json;

namespace Strangler.Gateway.Cli;

internal static class CliOutput
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
}
