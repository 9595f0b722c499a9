using Strangler.Gateway.Hosting;
using Strangler.Gateway.Rollout.Loading;

namespace Strangler.Deploy.Tests.Compose;

/// <summary>
/// The gateway service: which rollout file it reads (followed through its mount to the host file,
/// which is then validated with the gateway's own loader), where its state goes, and how its
/// management port is exposed.
/// </summary>
public sealed class ComposeRolloutTests
{
    private static ComposeService Gateway => ComposeStack.Service("gateway");

    [Fact]
    public void The_gateway_reads_deploy_compose_rollout_json_through_a_read_only_directory_mount()
    {
        var (mount, hostFile) = MountedRolloutFile();

        // A mount of the file itself would pin the inode that editors' rename-on-save replaces.
        Assert.True(mount.IsBind, $"rollout.json reaches the gateway through a {mount.Type}; bind-mount the host directory ops edit");
        Assert.Equal(ContainerDirectory(Gateway.Env("Gateway__RolloutFile")!), mount.Target);
        Assert.True(Directory.Exists(ComposeStack.File.HostPath(mount.Source)));
        Assert.True(mount.ReadOnly, "the gateway only reads rollout.json: mount its directory read-only");
        Assert.Equal("deploy/compose/rollout.json", RepoPaths.Relative(hostFile));
    }

    [Fact]
    public void The_mounted_rollout_file_is_valid()
    {
        var result = RolloutFileLoader.Load(MountedRolloutFile().HostFile);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void The_rollout_sends_v3_and_v4_traffic_to_their_services_on_ports_they_listen_on()
    {
        var backends = RolloutFileLoader.Load(MountedRolloutFile().HostFile).Snapshot!.Backends;
        AssertDestinations(backends.V3.Destinations, ComposeStack.File.BuiltFrom("legacy-v3-stub/Dockerfile"));
        AssertDestinations(backends.V4.Destinations, ComposeStack.File.BuiltFrom("v4-backend/Dockerfile"));
    }

    [Fact]
    public void The_state_file_lives_on_a_writable_named_volume_the_image_prepares()
    {
        var stateFile = Gateway.Env("Gateway__StateFile");
        Assert.True(stateFile is not null, "set Gateway__StateFile: by default the state is written beside rollout.json, whose mount is read-only");
        var mount = Gateway.MountOf(stateFile);
        var where = mount is null ? "the container's own layer" : $"a {(mount.ReadOnly ? "read-only " : "")}{mount.Type} mount";
        Assert.True(mount is { Type: "volume", ReadOnly: false }, $"{stateFile} must be on a writable named volume, so the state survives a recreated container; it is on {where}");
        Assert.Contains(mount.Source, ComposeStack.File.Volumes);

        // A new named volume takes the owner of the image's directory: the image must give it to the app user.
        var directory = ContainerDirectory(stateFile);
        Assert.Equal(directory, mount.Target);
        var (_, dockerfile) = Docker.DockerfileTests.Load(Gateway.Name);
        Assert.Contains(
            dockerfile.Final.All("RUN"),
            run => run.Arguments.Contains("chown", StringComparison.Ordinal) && run.Words.Contains(directory));
    }

    [Fact]
    public void The_management_port_is_open_to_the_network_only_with_a_token()
    {
        var management = new ManagementOptions
        {
            Urls = Gateway.Env("Gateway__Management__Urls")!,
            Token = Gateway.Env("Gateway__Management__Token"),
        };
        Assert.Null(ManagementBinding.Check(management));

        // Prometheus scrapes it from another container, so it must bind beyond loopback, which needs the token.
        management.Token = null;
        Assert.NotNull(ManagementBinding.Check(management));

        // The CLI inside the container uses the same token.
        Assert.Equal(Gateway.Env("Gateway__Management__Token"), Gateway.Env("STRANGLER_ADMIN_TOKEN"));
    }

    /// <summary>The host file the gateway container sees at Gateway__RolloutFile.</summary>
    internal static (ComposeMount Mount, string HostFile) MountedRolloutFile()
    {
        var path = Gateway.Env("Gateway__RolloutFile");
        Assert.True(path is not null && path.StartsWith('/'), "set Gateway__RolloutFile to an absolute path in the container");
        var mount = Gateway.MountOf(path);
        Assert.True(mount is not null, $"{path} is not under any mount of the gateway service: ops' edits would never reach it");
        var below = path[mount.Target.TrimEnd('/').Length..].TrimStart('/');
        return (mount, Path.Combine(ComposeStack.File.HostPath(mount.Source), below));
    }

    private static void AssertDestinations(IEnumerable<Uri> destinations, ComposeService service)
    {
        foreach (var destination in destinations)
        {
            Assert.Equal("http", destination.Scheme);
            Assert.True(destination.Host == service.Name, $"{destination} should name the compose service {service.Name}");
            Assert.True(ServicePorts.Listening(service).Contains(destination.Port), $"{destination}: {service.Name} does not listen on {destination.Port}");
        }
    }

    private static string ContainerDirectory(string path) => path[..path.LastIndexOf('/')];
}
