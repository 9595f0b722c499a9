using Strangler.Deploy.Tests.Compose;
using YamlDotNet.RepresentationModel;

namespace Strangler.Deploy.Tests.Monitoring;

/// <summary>The Grafana service: provisioned from deploy/grafana, reading the compose Prometheus.</summary>
public sealed class GrafanaProvisioningTests
{
    /// <summary>Where the grafana/grafana image reads provisioning files (GF_PATHS_PROVISIONING).</summary>
    private const string ImageProvisioningDirectory = "/etc/grafana/provisioning";

    private static ComposeService Grafana => ComposeStack.Service("grafana");

    [Fact]
    public void Grafana_is_provisioned_from_deploy_grafana()
    {
        Assert.Equal("deploy/grafana/provisioning", RepoPaths.Relative(HostPath(ImageProvisioningDirectory)));
    }

    [Fact]
    public void Every_data_source_is_a_compose_service_on_a_port_it_listens_on()
    {
        var sources = Directory.GetFiles(Path.Combine(HostPath(ImageProvisioningDirectory), "datasources"), "*.y*ml")
            .SelectMany(f => YamlDocument.Load(f).Maps("datasources"))
            .ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var url = new Uri(source.Text("url")!);
            Assert.True(ComposeStack.File.Services.TryGetValue(url.Host, out var service), $"data source {source.Text("name")}: {url.Host} is not a compose service");
            Assert.Contains(url.Port, ServicePorts.Listening(service));
        }

        Assert.Contains(sources, s => s.Text("type") == "prometheus" && new Uri(s.Text("url")!).Host == "prometheus");
    }

    [Fact]
    public void The_dashboards_the_providers_read_are_mounted_from_deploy_grafana_dashboards()
    {
        var providers = Directory.GetFiles(Path.Combine(HostPath(ImageProvisioningDirectory), "dashboards"), "*.y*ml")
            .SelectMany(f => YamlDocument.Load(f).Maps("providers"))
            .ToList();
        Assert.NotEmpty(providers);
        foreach (var provider in providers)
        {
            var path = ((YamlMappingNode)provider.Get("options")!).Text("path")!;
            var host = HostPath(path);
            Assert.Equal("deploy/grafana/dashboards", RepoPaths.Relative(host));
            Assert.NotEmpty(Directory.GetFiles(host, "*.json"));
        }

        if (Grafana.Env("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH") is { } home)
        {
            Assert.True(File.Exists(HostPath(home)), $"the home dashboard {home} is not a file Grafana can see");
        }
    }

    /// <summary>The host path behind a path in the Grafana container, through its bind mounts.</summary>
    private static string HostPath(string containerPath)
    {
        var mount = Grafana.MountOf(containerPath);
        Assert.True(mount is { IsBind: true }, $"{containerPath} is not bind-mounted into grafana from the repository");
        var below = containerPath[mount.Target.TrimEnd('/').Length..].TrimStart('/');
        return Path.GetFullPath(Path.Combine(ComposeStack.File.HostPath(mount.Source), below));
    }
}
