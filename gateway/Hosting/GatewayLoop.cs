using Microsoft.Extensions.Hosting;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// A background loop of the gateway that ends quietly when the stop it was given cancels it. The
/// host calls a background service that ends in that cancellation "failed" unless its own stop
/// began it, so a start that fails (a port in use) would otherwise log one failure per loop.
/// </summary>
internal abstract class GatewayLoop : BackgroundService
{
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The loop; runs until <paramref name="stoppingToken"/> is cancelled.</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);
}
