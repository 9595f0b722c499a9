using System.Net;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// The management port must not be reachable beyond loopback unless a token protects it. Checked
/// at start-up so a misconfiguration stops the gateway instead of exposing the admin API.
/// </summary>
internal static class ManagementBinding
{
    public static IReadOnlyList<string> Urls(ManagementOptions options) => SplitUrls(options.Urls);

    public static IReadOnlyList<string> SplitUrls(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Returns an error message, or null when the binding is allowed.</summary>
    public static string? Check(ManagementOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token))
        {
            return null;
        }

        var exposed = Urls(options).Where(url => !IsLoopback(url)).ToArray();
        return exposed.Length == 0
            ? null
            : $"Gateway:Management:Urls binds {string.Join(", ", exposed)} beyond loopback, but Gateway:Management:Token is empty. "
              + "Set a token (e.g. environment variable Gateway__Management__Token) or bind the management port to 127.0.0.1.";
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel accepts wildcard hosts ("*", "+", "0.0.0.0") that Uri cannot judge: they are all non-loopback.
        var hostStart = url.IndexOf("://", StringComparison.Ordinal);
        var rest = hostStart < 0 ? url : url[(hostStart + 3)..];
        var host = rest.StartsWith('[') ? rest[1..rest.IndexOf(']', StringComparison.Ordinal)] : rest.Split(':', '/')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
