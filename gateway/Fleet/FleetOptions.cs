namespace Strangler.Gateway.Fleet;

/// <summary>
/// Several replicas sharing one rollout through Redis (section "Gateway:Fleet"). Without
/// <see cref="Redis"/> the gateway is a single replica with its state file, exactly as before.
/// </summary>
internal sealed class FleetOptions
{
    /// <summary>StackExchange.Redis configuration string ("host:port,password=...,ssl=true"); empty: no fleet.</summary>
    public string? Redis { get; set; }

    /// <summary>Key prefix: two fleets on one Redis never mix.</summary>
    public string Name { get; set; } = "strangler";

    /// <summary>This replica's id in status and events; default host name and process id.</summary>
    public string? ReplicaId { get; set; }

    /// <summary>
    /// How long a Redis call may take before the store counts as unreachable. Short, so an outage
    /// costs a guard evaluation or an admin call at most this long.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Re-read of the shared state when no notification arrives (heals a missed message).</summary>
    public TimeSpan RereadInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often this replica writes its heartbeat (id, file revision, time) for status.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Replicas whose heartbeat is older than this are dropped from status.</summary>
    public TimeSpan ReplicaExpiry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The leader lease: the replica holding it judges the fleet's guard windows and acts. Renewed
    /// every third of it; after the leader dies another replica takes over within about 1⅓ leases.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    public string ResolveReplicaId() =>
        string.IsNullOrWhiteSpace(ReplicaId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : ReplicaId;
}
