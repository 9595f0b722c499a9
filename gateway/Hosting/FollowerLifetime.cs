using Microsoft.Extensions.Hosting;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// The management application's host lifetime: it does not listen for Ctrl+C or SIGTERM (the
/// public application does, and drains), so /readyz keeps answering "draining" while the public
/// listener drains, and the management port closes only after the public one (<see cref="GatewayApp"/>).
/// </summary>
internal sealed class FollowerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
