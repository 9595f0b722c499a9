using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Hosting;

namespace Strangler.Gateway.Rollout;

/// <summary>
/// Watches rollout.json's directory (not the file: editors and Kubernetes replace files by rename or
/// symlink swap) and re-checks the file shortly after the last event about it, coalescing bursts. A slow
/// periodic check (<see cref="RolloutReloader.PollAsync"/>) backs up file events that some file
/// systems do not deliver. File events happen
/// in real time, so this uses the real clock even when the gateway's TimeProvider is a test clock.
/// </summary>
internal sealed class RolloutWatcher(RolloutReloader reloader, IOptions<GatewayOptions> options) : GatewayLoop
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var path = Path.GetFullPath(settings.RolloutFile);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        var name = Path.GetFileName(path);
        watcher.Changed += (_, e) => Signal(path, name, e.Name);
        watcher.Created += (_, e) => Signal(path, name, e.Name);
        watcher.Deleted += (_, e) => Signal(path, name, e.Name);
        watcher.Renamed += (_, e) => Signal(path, name, e.Name, e.OldName);
        watcher.Error += (_, _) => _signals.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;

        // In case the file changed between start-up's load and the watcher starting.
        await reloader.CheckAsync(path, stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var signaled = await WaitForSignalAsync(settings.ReloadPollInterval, stoppingToken);
            if (!signaled)
            {
                await reloader.PollAsync(path, stoppingToken);
                continue;
            }

            // Let a burst of events from one save settle, then read the final content once.
            await Task.Delay(settings.ReloadDebounce, stoppingToken);
            _signals.Reader.TryRead(out _);
            await reloader.CheckAsync(path, stoppingToken);
        }
    }

    /// <summary>
    /// Signals a check for an event about the rollout file, a name the Kubernetes ConfigMap writer uses
    /// (<c>..data</c>, <c>..2026_…</c>), or anything when the file is a symbolic link (its target may be
    /// swapped under any name). Other files in the directory (a log, the state file) are not the
    /// rollout's business: each of their writes would cost a read and a hash of the whole file.
    /// </summary>
    private void Signal(string path, string name, string? changed, string? before = null)
    {
        if (Concerns(changed) || (before is not null && Concerns(before)) || IsLink(path))
        {
            _signals.Writer.TryWrite(true);
        }

        bool Concerns(string? n) => n is null || n == name || n.StartsWith("..", StringComparison.Ordinal);
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // cannot tell: check
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
