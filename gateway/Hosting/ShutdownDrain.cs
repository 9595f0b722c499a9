using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// The first thing the public application does when it stops: readiness fails, then the public
/// listener goes on serving for <see cref="GatewayOptions.DrainPeriod"/> before the host stops the
/// server (which then lets requests in flight finish within the shutdown timeout). Load balancers
/// and clients that watch readiness have that long to stop sending, so nothing they send is
/// refused. A hosted lifecycle service's StoppingAsync runs before any hosted service is stopped,
/// the web server included, whatever asked the host to stop.
/// </summary>
internal sealed partial class ShutdownDrain(DrainState state, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ShutdownDrain> logger)
    : IHostedLifecycleService
{
    private readonly Lock _lock = new();
    private Task? _drain;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        // The host is stopped twice on a signal (by the signal's own wait, then by the gateway): drain once.
        lock (_lock)
        {
            return _drain ??= DrainAsync(cancellationToken);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var period = options.Value.DrainPeriod;
        // The timer starts before readiness fails, so whoever sees readiness fail (a test's fake
        // clock included) finds the drain already counting.
        var over = period > TimeSpan.Zero ? Task.Delay(period, time, cancellationToken) : Task.CompletedTask;
        state.Begin();
        LogDraining(logger, period.TotalSeconds);
        try
        {
            await over;
        }
        catch (OperationCanceledException)
        {
            LogDrainCut(logger);
            return;
        }

        LogDrained(logger);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "Stopping: readiness fails now; the public listener keeps serving for {DrainSeconds} s")]
    private static partial void LogDraining(ILogger logger, double drainSeconds);

    [LoggerMessage(EventId = 611, Level = LogLevel.Information, Message = "Drain period over; closing the public listener and finishing requests in flight")]
    private static partial void LogDrained(ILogger logger);

    [LoggerMessage(EventId = 612, Level = LogLevel.Warning, Message = "Drain cut short by the shutdown timeout; closing the public listener now")]
    private static partial void LogDrainCut(ILogger logger);
}
