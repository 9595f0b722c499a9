using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Admin;

/// <summary>
/// The fleet in status (absent for a single replica): "connected" or "degraded", how old the state
/// in force may be, this replica's local reverts awaiting reconciliation, and every replica's
/// file revision and last heartbeat.
/// </summary>
/// <param name="StalenessSeconds">Seconds since this replica last heard from the store (null: never).</param>
internal sealed record FleetStatusView(
    string Status,
    string Replica,
    string Store,
    double? StalenessSeconds,
    DateTimeOffset? LastContact,
    DateTimeOffset? DegradedSince,
    string? Error,
    string? StartedFrom,
    IReadOnlyList<string> LocalReverts,
    IReadOnlyList<ReplicaView> Replicas)
{
    public const string Connected = "connected";
    public const string Degraded = "degraded";

    public static FleetStatusView From(FleetHealthSnapshot health, IEnumerable<string> localReverts, DateTimeOffset now) => new(
        health.Connected ? Connected : Degraded,
        health.ReplicaId,
        health.Location,
        health.LastContact is { } contact ? Math.Round((now - contact).TotalSeconds, 1) : null,
        health.LastContact,
        health.DegradedSince,
        health.LastError,
        health.StartedFrom,
        localReverts.Order(StringComparer.Ordinal).ToArray(),
        health.Replicas.Select(r => new ReplicaView(r.Replica, r.FileRevision, r.At, Math.Round((now - r.At).TotalSeconds, 1), r.PendingLocal)).ToArray());
}

/// <summary>One replica as its last heartbeat described it.</summary>
internal sealed record ReplicaView(string Id, string? FileRevision, DateTimeOffset LastHeartbeat, double AgeSeconds, int PendingLocalReverts);
