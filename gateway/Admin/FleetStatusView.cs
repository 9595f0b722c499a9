using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Admin;

/// <summary>
/// The fleet in status (absent for a single replica): "connected" or "degraded", how old the state
/// in force may be, this replica's local reverts awaiting reconciliation, and every replica's
/// file revision and last heartbeat; and who leads the guard (null when the guard is off).
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
    IReadOnlyList<ReplicaView> Replicas,
    GuardLeaderView? Guard)
{
    public const string Connected = "connected";
    public const string Degraded = "degraded";

    public static FleetStatusView From(FleetHealthSnapshot health, IEnumerable<string> localReverts, FleetLeadership? leadership, DateTimeOffset now) => new(
        health.Connected ? Connected : Degraded,
        health.ReplicaId,
        health.Location,
        health.LastContact is { } contact ? Math.Round((now - contact).TotalSeconds, 1) : null,
        health.LastContact,
        health.DegradedSince,
        health.LastError,
        health.StartedFrom,
        localReverts.Order(StringComparer.Ordinal).ToArray(),
        health.Replicas.Select(r => new ReplicaView(r.Replica, r.FileRevision, r.At, Math.Round((now - r.At).TotalSeconds, 1), r.PendingLocal)).ToArray(),
        leadership is null ? null : GuardLeaderView.From(leadership.Snapshot, health.Connected));
}

/// <summary>
/// Who leads the guard: the leader's replica id as last seen, the newest epoch, and this replica's
/// role: "leader" (judges the fleet's windows and acts), "follower" (judges them, shows the same
/// verdicts, does not act) or "alone" (cut off from the store: judges its own windows, may revert here).
/// </summary>
internal sealed record GuardLeaderView(string? Leader, long Epoch, string Role)
{
    public static GuardLeaderView From((string? Leader, long Epoch, bool Self) leadership, bool connected) =>
        new(leadership.Leader, leadership.Epoch, !connected ? "alone" : leadership.Self ? "leader" : "follower");
}

/// <summary>One replica as its last heartbeat described it.</summary>
internal sealed record ReplicaView(string Id, string? FileRevision, DateTimeOffset LastHeartbeat, double AgeSeconds, int PendingLocalReverts);
