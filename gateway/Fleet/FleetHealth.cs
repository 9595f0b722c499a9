namespace Strangler.Gateway.Fleet;

/// <summary>
/// Whether this replica is in contact with the fleet store, since when it is not, and what the
/// other replicas last said: written by the runtime and the sync loop, read by status.
/// </summary>
internal sealed class FleetHealth(string replicaId, string location)
{
    private readonly Lock _lock = new();
    private FleetHealthSnapshot _snapshot = new(replicaId, location, Connected: false, LastContact: null, DegradedSince: null, LastError: null, StartedFrom: null, Replicas: []);

    public FleetHealthSnapshot Snapshot
    {
        get
        {
            lock (_lock)
            {
                return _snapshot;
            }
        }
    }

    public bool Connected => Snapshot.Connected;

    public void Contact(DateTimeOffset at) => Update(s => s with { Connected = true, LastContact = at, DegradedSince = null, LastError = null });

    public void Lost(string error, DateTimeOffset at) =>
        Update(s => s with { Connected = false, DegradedSince = s.DegradedSince ?? at, LastError = error });

    public void StartedFrom(string description) => Update(s => s with { StartedFrom = description });

    public void Replicas(IReadOnlyList<ReplicaHeartbeat> replicas) => Update(s => s with { Replicas = replicas });

    private void Update(Func<FleetHealthSnapshot, FleetHealthSnapshot> change)
    {
        lock (_lock)
        {
            _snapshot = change(_snapshot);
        }
    }
}

/// <param name="LastContact">The last successful call to the store: the state in force is at most this old.</param>
/// <param name="StartedFrom">Where this replica's state came from at start-up (the fleet, or its own state file while the store was unreachable).</param>
internal sealed record FleetHealthSnapshot(
    string ReplicaId,
    string Location,
    bool Connected,
    DateTimeOffset? LastContact,
    DateTimeOffset? DegradedSince,
    string? LastError,
    string? StartedFrom,
    IReadOnlyList<ReplicaHeartbeat> Replicas);
