using System.Text.RegularExpressions;
using Strangler.Deploy.Tests.Docker;

namespace Strangler.Deploy.Tests.Compose;

/// <summary>docker-compose.yml: services, builds, healthchecks, start order, ports and secrets.</summary>
public sealed partial class ComposeFileTests
{
    private static ComposeFile Stack => ComposeStack.File;

    [Fact]
    public void The_stack_has_the_three_deployables_their_stores_and_monitoring()
    {
        Assert.Equal(["gateway", "gateway-2", "grafana", "lb", "postgres", "prometheus", "redis", "v3", "v4"], Stack.Services.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("gateway/Dockerfile", Dockerfile(Stack.Services["gateway"]));
        Assert.Equal("gateway/Dockerfile", Dockerfile(Stack.Services["gateway-2"]));
        Assert.Equal("legacy-v3-stub/Dockerfile", Dockerfile(Stack.Services["v3"]));
        Assert.Equal("v4-backend/Dockerfile", Dockerfile(Stack.Services["v4"]));
        Assert.All(Stack.Services.Values, s => Assert.True(s.Build is not null ^ s.Image is not null, $"{s.Name}: either build or image"));
    }

    [Fact]
    public void Every_build_context_is_a_directory_holding_its_Dockerfile()
    {
        foreach (var service in Stack.Services.Values.Where(s => s.Build is not null))
        {
            var context = Stack.HostPath(service.Build!.Context);
            Assert.True(Directory.Exists(context), $"{service.Name}: build context {service.Build.Context} does not exist");
            Assert.True(File.Exists(Path.Combine(context, service.Build.Dockerfile)), $"{service.Name}: {service.Build.Dockerfile} does not exist in {service.Build.Context}");
        }
    }

    [Fact]
    public void Every_service_has_a_healthcheck()
    {
        foreach (var service in Stack.Services.Values)
        {
            Assert.True(service.Healthcheck is { Probes: true }, $"{service.Name} has no healthcheck in {ComposeStack.FileName}, so nothing can wait for it to be ready");
        }
    }

    [Fact]
    public void Built_services_probe_a_port_they_listen_on_with_a_probe_their_image_installs()
    {
        foreach (var service in Stack.Services.Values.Where(s => s.Build is not null))
        {
            var test = service.Healthcheck!.Test;
            Assert.True(test is ["CMD", _, _, ..], $"{service.Name}: healthcheck should be [\"CMD\", \"http-healthcheck\", PORT, PATH]");
            var (_, dockerfile) = DockerfileTests.Load(service.Name);
            Assert.True(
                DockerfileTests.InstalledAs(dockerfile, "deploy/docker/http-healthcheck.sh") == "/usr/local/bin/" + test[1],
                $"{service.Name}: the image does not install deploy/docker/http-healthcheck.sh as /usr/local/bin/{test[1]}");
            var port = int.Parse(test[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(ServicePorts.Listening(service).Contains(port), $"{service.Name}: the healthcheck probes port {port}, where it does not listen");
        }
    }

    [Fact]
    public void Every_dependency_is_a_service_that_is_waited_for_until_healthy()
    {
        foreach (var service in Stack.Services.Values)
        {
            foreach (var (dependency, condition) in service.DependsOn)
            {
                Assert.True(Stack.Services.TryGetValue(dependency, out var target), $"{service.Name} depends on '{dependency}', which is not a service");
                Assert.True(target.Healthcheck is { Probes: true }, $"{service.Name} waits for {dependency} to be healthy, but {dependency} has no healthcheck");
                Assert.True(condition == "service_healthy", $"{service.Name} depends on {dependency} with {condition}; wait for service_healthy");
            }
        }

        Assert.Equal(["postgres", "redis"], Stack.Services["v4"].DependsOn.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["redis", "v3", "v4"], Stack.Services["gateway"].DependsOn.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["redis", "v3", "v4"], Stack.Services["gateway-2"].DependsOn.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["gateway", "gateway-2"], Stack.Services["lb"].DependsOn.Keys.Order(StringComparer.Ordinal));
        var cycle = FindCycle();
        Assert.True(cycle is null, $"depends_on cycle, compose cannot start it: {cycle}");
    }

    [Fact]
    public void Host_ports_are_published_on_loopback_only_to_ports_the_services_listen_on()
    {
        foreach (var service in Stack.Services.Values)
        {
            foreach (var port in service.Ports)
            {
                Assert.True(port.HostIp == "127.0.0.1", $"{service.Name}: port {port.ContainerPort} is published on {port.HostIp ?? "every interface"}; publish on 127.0.0.1");
                Assert.True(ServicePorts.Listening(service).Contains(port.ContainerPort), $"{service.Name}: publishes container port {port.ContainerPort}, where it does not listen");
            }
        }

        Assert.Empty(Stack.Services["postgres"].Ports);
        Assert.Empty(Stack.Services["redis"].Ports);
    }

    [Fact]
    public void Secrets_come_from_required_variables_and_none_has_a_default()
    {
        var problems = new List<string>();
        foreach (var service in Stack.Services.Values)
        {
            foreach (var (key, raw) in service.RawEnvironment)
            {
                if (SecretSetting().IsMatch(key) && !RequiredVariable().IsMatch(raw))
                {
                    problems.Add($"{service.Name}: {key} = {raw}");
                }

                foreach (Match password in ConnectionStringPassword().Matches(raw))
                {
                    if (!RequiredVariable().IsMatch(password.Groups["value"].Value))
                    {
                        problems.Add($"{service.Name}: {key} has Password={password.Groups["value"].Value}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, "secrets must be ${VARIABLE:?message}, with no default and no literal:\n" + string.Join("\n", problems));
        Assert.Empty(Stack.InterpolationErrors);
    }

    [Fact]
    public void Without_its_variables_compose_stops_and_points_to_the_README_which_lists_them()
    {
        var bare = ComposeFileReader.Read(ComposeStack.Path, new Dictionary<string, string>());
        var readme = File.ReadAllText(RepoPaths.Full("README.md"));
        var section = Regex.Match(readme, @"^## docker compose\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, "README.md has no '## docker compose' section");

        foreach (var variable in ComposeStack.Variables.Keys)
        {
            var error = Assert.Single(bare.InterpolationErrors, e => e.Contains($" {variable} ", StringComparison.Ordinal));
            Assert.Contains("README.md", error, StringComparison.Ordinal);
            Assert.Contains(variable, section.Groups["body"].Value, StringComparison.Ordinal);
        }

        Assert.Equal(ComposeStack.Variables.Count, bare.InterpolationErrors.Count);
    }

    [Fact]
    public void Every_volume_and_secret_a_service_uses_is_declared_and_every_bind_source_exists()
    {
        foreach (var service in Stack.Services.Values)
        {
            foreach (var mount in service.Volumes)
            {
                if (mount.IsBind)
                {
                    var source = Stack.HostPath(mount.Source);
                    Assert.True(Directory.Exists(source) || File.Exists(source), $"{service.Name}: bind source {mount.Source} does not exist");
                }
                else
                {
                    Assert.True(Stack.Volumes.Contains(mount.Source), $"{service.Name}: volume '{mount.Source}' is not declared under volumes:");
                }
            }

            foreach (var secret in service.Secrets)
            {
                Assert.True(Stack.Secrets.ContainsKey(secret.Source), $"{service.Name}: secret '{secret.Source}' is not declared under secrets:");
            }
        }

        Assert.Equal("volume", Stack.Services["postgres"].MountOf("/var/lib/postgresql/data")?.Type);
    }

    [Fact]
    public void v4_uses_the_postgres_and_redis_services_with_the_credentials_they_were_given()
    {
        var v4 = Stack.Services["v4"];
        var postgres = Stack.Services["postgres"];
        var database = new Npgsql.NpgsqlConnectionStringBuilder(v4.Env("ConnectionStrings__Postgres"));
        Assert.Equal("postgres", database.Host);
        Assert.Contains(database.Port, ServicePorts.Listening(postgres));
        Assert.Equal(postgres.Env("POSTGRES_USER"), database.Username);
        Assert.Equal(postgres.Env("POSTGRES_PASSWORD"), database.Password);
        Assert.Equal(postgres.Env("POSTGRES_DB"), database.Database);
        Assert.Equal(
            ["pg_isready", "-h", "127.0.0.1", "-p", database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", database.Username!, "-d", database.Database!],
            postgres.Healthcheck!.Test.Skip(1));

        var cache = Assert.IsType<System.Net.DnsEndPoint>(Assert.Single(StackExchange.Redis.ConfigurationOptions.Parse(v4.Env("ConnectionStrings__Redis")!).EndPoints));
        Assert.Equal("redis", cache.Host);
        Assert.Contains(cache.Port, ServicePorts.Listening(Stack.Services["redis"]));
    }

    private static string Dockerfile(ComposeService service) =>
        RepoPaths.Relative(Path.Combine(Stack.HostPath(service.Build!.Context), service.Build.Dockerfile));

    private static string? FindCycle()
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path, true: done
        string? Visit(string name, string path)
        {
            if (state.TryGetValue(name, out var done))
            {
                return done ? null : path;
            }

            state[name] = false;
            foreach (var next in Stack.Services.TryGetValue(name, out var service) ? service.DependsOn.Keys : [])
            {
                if (Visit(next, $"{path} -> {next}") is { } cycle)
                {
                    return cycle;
                }
            }

            state[name] = true;
            return null;
        }

        return Stack.Services.Keys.Select(name => Visit(name, name)).FirstOrDefault(c => c is not null);
    }

    [GeneratedRegex("token|password|secret|signingkey", RegexOptions.IgnoreCase)]
    private static partial Regex SecretSetting();

    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]*\}$")]
    private static partial Regex RequiredVariable();

    [GeneratedRegex(@"Password=(?<value>\$\{[^}]*\}|[^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();
}
