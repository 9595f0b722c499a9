using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Events;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// Keeps this replica in step with the fleet: re-reads the shared state at once when another
/// replica announces a transition (pub/sub) and every <see cref="FleetOptions.RereadInterval"/>
/// anyway (a missed message heals there), hands it to the runtime (which publishes the new view,
/// re-seeds a store that lost its data and reconciles local reverts), mirrors the shared events
/// and writes this replica's heartbeat. Never on the request path.
/// </summary>
internal sealed partial class FleetSync(
    RolloutRuntime runtime,
    FleetStore store,
    FleetHealth health,
    EventLog events,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<FleetSync> logger) : BackgroundService
{
    private readonly SemaphoreSlim _notified = new(0);
    private readonly FleetOptions _fleet = options.Value.Fleet;
    private bool _subscribed;
    private string? _lastEvent;
    private DateTimeOffset _nextHeartbeat = DateTimeOffset.MinValue;

    /// <summary>A first round before the gateway reports ready: shared events mirrored and this replica's heartbeat written.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await SyncOnceAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var notified = _notified.WaitAsync(wake.Token);
            var reread = Task.Delay(_fleet.RereadInterval, time, wake.Token);
            await Task.WhenAny(notified, reread);
            await wake.CancelAsync();
            await Task.WhenAll(notified, reread).ContinueWith(_ => { }, TaskScheduler.Default);
            while (_notified.CurrentCount > 0)
            {
                _notified.Wait(0, CancellationToken.None); // a burst of notifications needs one read
            }

            if (!stoppingToken.IsCancellationRequested)
            {
                await SyncOnceAsync();
            }
        }
    }

    /// <summary>One round: subscribe if not yet, read and adopt, push what is pending, mirror events, heartbeat.</summary>
    public async Task SyncOnceAsync()
    {
        var wasConnected = health.Connected;
        var degradedSince = health.Snapshot.DegradedSince;
        try
        {
            if (!_subscribed)
            {
                await store.SubscribeAsync(_ => _notified.Release());
                _subscribed = true;
            }

            var shared = await store.ReadAsync();
            var now = time.GetUtcNow();
            health.Contact(now);
            if (!wasConnected && degradedSince is { } since)
            {
                LogReconnected(logger, store.Location, (now - since).TotalSeconds, runtime.LocalReverts.Count);
            }

            // Read after the state, mirrored before it is adopted: a replica that shows a state also shows its event.
            var (newer, last) = await store.EventsAfterAsync(_lastEvent, options.Value.EventHistory);
            foreach (var e in newer)
            {
                // Counted in metrics where they were made (the replica that made it mirrored it then).
                events.Mirror(e, own: false);
            }

            _lastEvent = last;
            if (runtime.AdoptShared(shared))
            {
                await runtime.PushPendingAsync();
            }

            if (now >= _nextHeartbeat)
            {
                var replicas = await store.HeartbeatAsync(
                    new ReplicaHeartbeat(store.ReplicaId, runtime.View.Snapshot?.ShortRevision, now, runtime.LocalReverts.Count),
                    now - _fleet.ReplicaExpiry);
                health.Replicas(replicas);
                _nextHeartbeat = now + _fleet.HeartbeatInterval;
            }
        }
        catch (FleetUnavailableException e)
        {
            if (wasConnected)
            {
                LogLost(logger, store.Location, e.Message);
            }

            health.Lost(e.Message, time.GetUtcNow());
        }
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Warning, Message = "Fleet: lost {Fleet} ({Error}); serving the last known state (no advance, no un-revert; guard reverts on this replica alone; admin changes refused)")]
    private static partial void LogLost(ILogger logger, string fleet, string error);

    [LoggerMessage(EventId = 221, Level = LogLevel.Information, Message = "Fleet: {Fleet} answers again after {Seconds:0.0} s; reconciling {LocalReverts} local reverts")]
    private static partial void LogReconnected(ILogger logger, string fleet, double seconds, int localReverts);
}
