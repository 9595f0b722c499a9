using YamlDotNet.RepresentationModel;

namespace Strangler.Deploy.Tests.Monitoring;

/// <summary>One scrape_configs entry of prometheus.yml, with its static targets ("host:port").</summary>
internal sealed record ScrapeJob(string Name, string MetricsPath, string? CredentialsFile, IReadOnlyList<(string Host, int Port)> Targets)
{
    public static IReadOnlyList<ScrapeJob> Read(YamlMappingNode config) =>
        [.. config.Maps("scrape_configs").Select(job => new ScrapeJob(
            job.Text("job_name")!,
            job.Text("metrics_path") ?? "/metrics",
            (job.Get("authorization") as YamlMappingNode)?.Text("credentials_file"),
            [.. job.Maps("static_configs").SelectMany(s => s.Texts("targets")).Select(Target)]))];

    private static (string Host, int Port) Target(string target)
    {
        var colon = target.LastIndexOf(':');
        return colon < 0
            ? throw new FormatException($"target '{target}' has no port; name it explicitly")
            : (target[..colon], int.Parse(target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
