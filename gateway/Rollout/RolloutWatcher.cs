using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Hosting;

namespace Strangler.Gateway.Rollout;

/// <summary>
/// Watches rollout.json's directory (not the file: editors and Kubernetes replace files by rename or
/// symlink swap) and re-checks the file shortly after the last event, coalescing bursts. A slow
/// periodic check backs up file events that some file systems do not deliver. File events happen
/// in real time, so this uses the real clock even when the gateway's TimeProvider is a test clock.
/// </summary>
internal sealed class RolloutWatcher(RolloutReloader reloader, IOptions<GatewayOptions> options) : BackgroundService
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var path = Path.GetFullPath(settings.RolloutFile);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        watcher.Changed += (_, _) => _signals.Writer.TryWrite(true);
        watcher.Created += (_, _) => _signals.Writer.TryWrite(true);
        watcher.Deleted += (_, _) => _signals.Writer.TryWrite(true);
        watcher.Renamed += (_, _) => _signals.Writer.TryWrite(true);
        watcher.Error += (_, _) => _signals.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;

        // In case the file changed between start-up's load and the watcher starting.
        await reloader.CheckAsync(path, stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var signaled = await WaitForSignalAsync(settings.ReloadPollInterval, stoppingToken);
            if (signaled)
            {
                // Let a burst of events from one save settle, then read the final content once.
                await Task.Delay(settings.ReloadDebounce, stoppingToken);
                _signals.Reader.TryRead(out _);
            }

            await reloader.CheckAsync(path, stoppingToken);
        }
    }

    private async Task<bool> WaitForSignalAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            return await _signals.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
