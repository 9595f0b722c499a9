namespace Strangler.Gateway.Fleet;

/// <summary>What a replica tells the others about itself, for status: its rollout.json revision and when it last wrote.</summary>
/// <param name="FileRevision">The short revision of the rollout.json it serves (null before the first valid one).</param>
/// <param name="PendingLocal">Features it reverted locally while the store was unreachable and has not reconciled yet.</param>
internal sealed record ReplicaHeartbeat(string Replica, string? FileRevision, DateTimeOffset At, int PendingLocal);
