using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Hosting;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// Which replica judges the fleet's guard windows and acts on them: the holder of a lease in Redis
/// (<see cref="FleetOptions.LeaseDuration"/>), taken when nobody holds it and renewed every third of
/// it. Each taking gets a new epoch; every guard decision carries the epoch it was taken under and
/// the store refuses it once another leader has been elected (a paused or partitioned ex-leader
/// cannot apply a stale decision). This replica counts itself leader only until the lease it last
/// renewed would have expired, measured from when it asked, so it stops acting before Redis lets
/// another replica take over. When the leader dies, another replica takes the lease within one lease
/// and a renewal interval; a leader that stops gives the lease up at once.
/// </summary>
internal sealed partial class FleetLeadership(
    FleetStore store,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<FleetLeadership> logger) : GatewayLoop
{
    private readonly TimeSpan _lease = options.Value.Fleet.LeaseDuration;
    private readonly Lock _lock = new();
    private long _epoch;
    private long _highestEpoch;
    private DateTimeOffset _validUntil;
    private string? _leader;

    /// <summary>
    /// The leader as last seen, the newest epoch seen, and whether it is this replica now. The leader
    /// is null when unknown: before the first answer, and when this replica was the leader but its
    /// lease ran out before it could renew it (someone else may hold it now).
    /// </summary>
    public (string? Leader, long Epoch, bool Self) Snapshot
    {
        get
        {
            lock (_lock)
            {
                var self = _epoch > 0 && time.GetUtcNow() < _validUntil;
                var lapsed = !self && _leader is not null && _leader == store.ReplicaId;
                return (lapsed ? null : _leader, _highestEpoch, self);
            }
        }
    }

    /// <summary>The epoch this replica leads under now, or null when it is not the leader.</summary>
    public long? LeadingEpoch()
    {
        lock (_lock)
        {
            return _epoch > 0 && time.GetUtcNow() < _validUntil ? _epoch : null;
        }
    }

    /// <summary>The store refused a decision taken under <paramref name="epoch"/>: another replica leads.</summary>
    public void Deposed(long epoch)
    {
        lock (_lock)
        {
            if (_epoch == epoch)
            {
                _epoch = 0;
            }
        }
    }

    /// <summary>One attempt to take or renew the lease; public for tests that drive it.</summary>
    public async Task RenewOnceAsync()
    {
        var asked = time.GetUtcNow();
        long highest;
        lock (_lock)
        {
            highest = _highestEpoch;
        }

        FleetLease lease;
        try
        {
            lease = await store.LeaseAsync(_lease, highest);
        }
        catch (FleetUnavailableException)
        {
            // Still leader until the lease it holds would have expired; nobody else can take it before.
            return;
        }

        lock (_lock)
        {
            _highestEpoch = Math.Max(_highestEpoch, lease.Epoch);
            var was = _epoch;
            _leader = lease.Holder;
            if (lease.Held)
            {
                _epoch = lease.Epoch;
                _validUntil = asked + _lease;
                if (was != lease.Epoch)
                {
                    LogLeading(logger, lease.Epoch);
                }
            }
            else
            {
                _epoch = 0;
                if (was != 0)
                {
                    LogFollowing(logger, lease.Holder, lease.Epoch);
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        long epoch;
        lock (_lock)
        {
            epoch = _epoch;
            _epoch = 0;
        }

        if (epoch > 0)
        {
            try
            {
                await store.ReleaseAsync(epoch);
            }
            catch (FleetUnavailableException)
            {
                // The lease expires on its own.
            }
        }
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_lease / 3, time);
        do
        {
            await RenewOnceAsync();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 230, Level = LogLevel.Information, Message = "Fleet: this replica leads the guard under epoch {Epoch}")]
    private static partial void LogLeading(ILogger logger, long epoch);

    [LoggerMessage(EventId = 231, Level = LogLevel.Warning, Message = "Fleet: this replica no longer leads the guard; {Leader} does under epoch {Epoch}")]
    private static partial void LogFollowing(ILogger logger, string leader, long epoch);
}
