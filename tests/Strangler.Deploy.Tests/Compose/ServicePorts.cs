using System.Globalization;

namespace Strangler.Deploy.Tests.Compose;

/// <summary>The container ports a compose service listens on, from its settings or its image.</summary>
internal static class ServicePorts
{
    /// <summary>Listen settings of our ASP.NET Core services, each a ';'-separated list of URLs or ports.</summary>
    public static readonly string[] UrlSettings = ["ASPNETCORE_URLS", "Gateway__PublicUrls", "Gateway__Management__Urls"];

    /// <summary>Default ports of the third-party images the stack uses, by repository.</summary>
    private static readonly Dictionary<string, int> ImageDefaults = new(StringComparer.Ordinal)
    {
        ["postgres"] = 5432,
        ["redis"] = 6379,
        ["nginx"] = 80,
        ["prom/prometheus"] = 9090,
        ["grafana/grafana"] = 3000,
    };

    public static IReadOnlySet<int> Listening(ComposeService service)
    {
        var ports = new HashSet<int>();
        if (service.Env("ASPNETCORE_HTTP_PORTS") is { Length: > 0 } httpPorts)
        {
            ports.UnionWith(Split(httpPorts).Select(p => int.Parse(p, CultureInfo.InvariantCulture)));
        }

        foreach (var setting in UrlSettings)
        {
            if (service.Env(setting) is { Length: > 0 } urls)
            {
                ports.UnionWith(FromUrls(urls));
            }
        }

        var urlsArgument = service.Command.ToList().IndexOf("--urls");
        if (urlsArgument >= 0 && urlsArgument + 1 < service.Command.Count)
        {
            ports.UnionWith(FromUrls(service.Command[urlsArgument + 1]));
        }

        if (service.Image is { } image && ImageDefaults.TryGetValue(Repository(image), out var port))
        {
            ports.Add(port);
        }

        return ports;
    }

    /// <summary>Ports of Kestrel-style URLs ("http://+:8080;http://127.0.0.1:9000").</summary>
    public static IEnumerable<int> FromUrls(string urls) =>
        Split(urls).Select(url =>
        {
            // Kestrel's wildcard hosts are not host names Uri accepts.
            var uri = new Uri(url.Replace("://+", "://any", StringComparison.Ordinal).Replace("://*", "://any", StringComparison.Ordinal));
            return uri.Port;
        });

    /// <summary>"docker.io/library/postgres:15-alpine" -> "postgres".</summary>
    public static string Repository(string image)
    {
        var name = image.Split('@')[0];
        var lastSlash = name.LastIndexOf('/');
        var tagColon = name.LastIndexOf(':');
        if (tagColon > lastSlash)
        {
            name = name[..tagColon];
        }

        foreach (var prefix in new[] { "docker.io/library/", "docker.io/" })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }

    private static string[] Split(string list) => list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
