using System.Text.RegularExpressions;

namespace Strangler.Deploy.Tests.Compose;

/// <summary>The two gateway replicas of the compose stack: one fleet on the stack's Redis, behind the NGINX load balancer.</summary>
public sealed partial class ComposeFleetTests
{
    private static readonly string[] Replicas = ["gateway", "gateway-2"];

    private static ComposeFile Stack => ComposeStack.File;

    [Fact]
    public void Both_replicas_share_the_stacks_Redis_under_one_fleet_name_with_their_own_ids_and_state()
    {
        var redis = Stack.Services["redis"];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var stateVolumes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Replicas)
        {
            var replica = Stack.Services[name];
            var endpoint = Assert.IsType<System.Net.DnsEndPoint>(Assert.Single(StackExchange.Redis.ConfigurationOptions.Parse(replica.Env("Gateway__Fleet__Redis")!).EndPoints));
            Assert.Equal("redis", endpoint.Host);
            Assert.Contains(endpoint.Port, ServicePorts.Listening(redis));
            Assert.Null(replica.Env("Gateway__Fleet__Name")); // one fleet: both use the default name
            Assert.True(ids.Add(replica.Env("Gateway__Fleet__ReplicaId")!), $"{name}: replica id {replica.Env("Gateway__Fleet__ReplicaId")} is taken");
            var state = replica.MountOf(Path.GetDirectoryName(replica.Env("Gateway__StateFile"))!.Replace('\\', '/'));
            Assert.True(state is { Type: "volume" }, $"{name}: its state file is not on a volume");
            Assert.True(stateVolumes.Add(state!.Source), $"{name}: shares state volume {state.Source} with another replica");
            Assert.Equal(Stack.Services["gateway"].Env("Gateway__RolloutFile"), replica.Env("Gateway__RolloutFile"));
            Assert.Equal(Stack.Services["gateway"].MountOf("/etc/strangler")?.Source, replica.MountOf("/etc/strangler")?.Source);
        }
    }

    [Fact]
    public void The_load_balancer_spreads_over_both_replicas_public_ports_and_is_the_only_public_entry()
    {
        var lb = Stack.Services["lb"];
        var conf = lb.MountOf("/etc/nginx/conf.d");
        Assert.True(conf is { IsBind: true, ReadOnly: true }, "lb: mount deploy/nginx read-only at /etc/nginx/conf.d");
        var text = File.ReadAllText(Path.Combine(Stack.HostPath(conf!.Source), "gateway.conf"));
        var servers = UpstreamServer().Matches(text).Select(m => (Host: m.Groups["host"].Value, Port: int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(Replicas, servers.Select(s => s.Host).Order(StringComparer.Ordinal));
        foreach (var (host, port) in servers)
        {
            var publicPort = new Uri(Stack.Services[host].Env("Gateway__PublicUrls")!.Replace("+", "localhost", StringComparison.Ordinal)).Port;
            Assert.Equal(publicPort, port);
        }

        var listen = int.Parse(ListenPort().Match(text).Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(listen, Assert.Single(lb.Ports).ContainerPort);
        Assert.Equal("8080", lb.Ports[0].HostPort);
        foreach (var name in Replicas)
        {
            var publicPort = new Uri(Stack.Services[name].Env("Gateway__PublicUrls")!.Replace("+", "localhost", StringComparison.Ordinal)).Port;
            Assert.DoesNotContain(Stack.Services[name].Ports, p => p.ContainerPort == publicPort);
        }
    }

    [Fact]
    public void Prometheus_scrapes_every_replica()
    {
        var scrape = File.ReadAllText(RepoPaths.Full("deploy/prometheus/prometheus.yml"));
        foreach (var name in Replicas)
        {
            Assert.Contains($"\"{name}:8081\"", scrape, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"^\s*server\s+(?<host>[\w-]+):(?<port>\d+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"^\s*listen\s+(?<port>\d+);", RegexOptions.Multiline)]
    private static partial Regex ListenPort();
}
