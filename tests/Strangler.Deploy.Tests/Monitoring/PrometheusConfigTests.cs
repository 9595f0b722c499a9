using System.Text.RegularExpressions;
using Strangler.Deploy.Tests.Compose;
using Strangler.TestSupport.Tools;

namespace Strangler.Deploy.Tests.Monitoring;

/// <summary>The Prometheus service: the configuration it loads, what it scrapes and how it authenticates.</summary>
public sealed partial class PrometheusConfigTests
{
    /// <summary>Where the prom/prometheus image reads its configuration unless --config.file says otherwise.</summary>
    private const string ImageConfigFile = "/etc/prometheus/prometheus.yml";

    private static ComposeService Prometheus => ComposeStack.Service("prometheus");

    private static IReadOnlyList<ScrapeJob> Jobs => ScrapeJob.Read(YamlDocument.Load(HostConfigFile()));

    [Fact]
    public void Prometheus_loads_the_deploy_config_and_its_one_alert_rules_file()
    {
        var config = HostConfigFile();
        Assert.Equal("deploy/prometheus/prometheus.yml", RepoPaths.Relative(config));

        var ruleFiles = YamlDocument.Load(config).Texts("rule_files").Select(f => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(config)!, f)));
        Assert.Equal(["deploy/prometheus/alerts.yml"], ruleFiles.Select(RepoPaths.Relative));

        // One set of alert rules for every deployment: no second copy to drift.
        var ruleSets = Directory.GetFiles(RepoPaths.Full("deploy"), "*.y*ml", SearchOption.AllDirectories)
            .Where(f => AlertRule().IsMatch(File.ReadAllText(f)))
            .Select(RepoPaths.Relative);
        Assert.Equal(["deploy/prometheus/alerts.yml"], ruleSets);
    }

    [Fact]
    public void Every_scrape_target_is_a_compose_service_on_a_port_it_listens_on()
    {
        foreach (var job in Jobs)
        {
            foreach (var (host, port) in job.Targets)
            {
                Assert.True(ComposeStack.File.Services.TryGetValue(host, out var service), $"job {job.Name}: target {host} is not a compose service");
                Assert.True(ServicePorts.Listening(service).Contains(port), $"job {job.Name}: {host} does not listen on {port}");
            }
        }

        var gateway = ComposeStack.Service("gateway");
        var managementPorts = ServicePorts.FromUrls(gateway.Env("Gateway__Management__Urls")!).ToHashSet();
        Assert.Contains(Jobs, j => j.MetricsPath == "/metrics" && j.Targets.Any(t => t.Host == gateway.Name && managementPorts.Contains(t.Port)));
        Assert.Contains(Jobs, j => j.MetricsPath == "/metrics" && j.Targets.Any(t => t.Host == ComposeStack.File.BuiltFrom("v4-backend/Dockerfile").Name));
    }

    [Fact]
    public void The_alert_rules_name_jobs_that_exist()
    {
        var alerts = File.ReadAllText(RepoPaths.Full("deploy/prometheus/alerts.yml"));
        foreach (Match job in JobSelector().Matches(alerts))
        {
            Assert.Contains(job.Groups["job"].Value, Jobs.Select(j => j.Name));
        }
    }

    [Fact]
    public void The_gateway_job_sends_the_admin_token_from_a_compose_secret_Prometheus_can_read()
    {
        var gateway = ComposeStack.Service("gateway");
        var job = Assert.Single(Jobs, j => j.Targets.Any(t => t.Host == gateway.Name));
        Assert.True(job.CredentialsFile is not null, $"job {job.Name}: /metrics on the management port needs the admin token (authorization.credentials_file)");

        var mounted = Prometheus.Secrets.SingleOrDefault(s => s.ContainerPath == job.CredentialsFile);
        Assert.True(mounted is not null, $"no secret of the prometheus service is mounted at {job.CredentialsFile}");
        Assert.True(mounted.Mode is { } mode && (mode & 0b100) != 0, "Prometheus runs as nobody: give the secret mode 0444 (compose may default to 0400, owned by root)");

        var secret = ComposeStack.File.Secrets[mounted.Source];
        var tokenVariable = ComposeInterpolation.References(gateway.RawEnvironment["Gateway__Management__Token"]).Single().Variable;
        Assert.Equal(tokenVariable, secret.Environment);
    }

    [Fact]
    public async Task Promtool_accepts_the_config_and_the_alert_rules_pass_their_unit_tests()
    {
        var promtool = Promtool.Require();
        var directory = Directory.CreateTempSubdirectory("strangler-prometheus-");
        try
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(HostConfigFile())!))
            {
                File.Copy(file, Path.Combine(directory.FullName, Path.GetFileName(file)));
            }

            // promtool checks that credentials files exist; the real one exists only in the container.
            var token = Path.Combine(directory.FullName, "token");
            await File.WriteAllTextAsync(token, "test-token", TestContext.Current.CancellationToken);
            var config = Path.Combine(directory.FullName, Path.GetFileName(HostConfigFile()));
            var text = await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken);
            foreach (var credentials in Jobs.Select(j => j.CredentialsFile).OfType<string>())
            {
                text = text.Replace(credentials, token, StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(config, text, TestContext.Current.CancellationToken);

            var check = await ToolRun.RunAsync(promtool, directory.FullName, "check", "config", config);
            Assert.True(check.ExitCode == 0, check.Output);
            var rules = await ToolRun.RunAsync(promtool, directory.FullName, "test", "rules", "alerts_test.yml");
            Assert.True(rules.ExitCode == 0, rules.Output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The host file the Prometheus container loads as its configuration.</summary>
    private static string HostConfigFile()
    {
        var configFile = Prometheus.Command.LastOrDefault(a => a.StartsWith("--config.file=", StringComparison.Ordinal))?["--config.file=".Length..]
            ?? ImageConfigFile;
        var mount = Prometheus.MountOf(configFile);
        Assert.True(mount is { IsBind: true }, $"{configFile} is not bind-mounted from the repository");
        var below = configFile[mount.Target.TrimEnd('/').Length..].TrimStart('/');
        return Path.Combine(ComposeStack.File.HostPath(mount.Source), below);
    }

    [GeneratedRegex(@"^\s*-\s*alert:", RegexOptions.Multiline)]
    private static partial Regex AlertRule();

    [GeneratedRegex(@"job\s*=~?\s*""(?<job>[^""]+)""")]
    private static partial Regex JobSelector();
}
