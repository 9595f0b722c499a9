using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// The running gateway: the public application (YARP) and the management application (health,
/// status, admin API) share one set of rollout services but have separate listeners and pipelines,
/// so nothing of the management surface can be reached on the public port.
/// </summary>
public sealed class GatewayApp : IAsyncDisposable
{
    private readonly IDisposable? _logger;

    internal GatewayApp(WebApplication publicApp, WebApplication management, IDisposable? logger = null)
    {
        Public = publicApp;
        Management = management;
        _logger = logger;
    }

    public WebApplication Public { get; }

    public WebApplication Management { get; }

    public IServiceProvider Services => Public.Services;

    /// <summary>First bound public address (after start), e.g. http://127.0.0.1:8080/.</summary>
    public Uri PublicAddress => FirstAddress(Public);

    /// <summary>First bound management address (after start).</summary>
    public Uri ManagementAddress => FirstAddress(Management);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await Public.StartAsync(cancellationToken);
        await Management.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the public application first: readiness fails, its listener drains for the drain
    /// period and closes, requests in flight finish; the management port (answering /readyz with
    /// 503 meanwhile) closes after it.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await Public.StopAsync(cancellationToken);
        await Management.StopAsync(cancellationToken);
    }

    /// <summary>Starts both applications and runs until asked to stop (Ctrl+C, SIGTERM: the public application listens for both).</summary>
    public async Task RunAsync()
    {
        await StartAsync();
        await Task.WhenAny(Public.WaitForShutdownAsync(), Management.WaitForShutdownAsync());
        await StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Management.DisposeAsync();
        await Public.DisposeAsync();
        _logger?.Dispose();
    }

    private static Uri FirstAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
