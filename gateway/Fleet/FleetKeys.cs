using StackExchange.Redis;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The fleet's Redis keys, all under one hash tag (<c>{name}</c>) so the scripts that touch
/// several of them also run on a Redis Cluster.
/// </summary>
internal sealed class FleetKeys(string name)
{
    private readonly string _prefix = "{" + name + "}:";

    /// <summary>Hash: feature -> state (JSON).</summary>
    public RedisKey Features => _prefix + "features";

    /// <summary>Hash: feature -> version of its state; every transition is a compare-and-set on it.</summary>
    public RedisKey Versions => _prefix + "versions";

    /// <summary>The fencing epoch of the current leader (absent: no leader, epoch 0).</summary>
    public RedisKey Epoch => _prefix + "epoch";

    /// <summary>Stream: the shared, bounded event log.</summary>
    public RedisKey Events => _prefix + "events";

    /// <summary>Counter: the ids of shared events.</summary>
    public RedisKey EventSequence => _prefix + "event-seq";

    /// <summary>The leader's replica id, with the lease as its expiry.</summary>
    public RedisKey Leader => _prefix + "leader";

    /// <summary>Hash for one second (Unix time): replica id -> its outcome counts of that second (<see cref="OutcomeCodec"/>).</summary>
    public RedisKey Outcomes(long second) => _prefix + "outcomes:" + second.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Hash: replica id -> heartbeat (JSON).</summary>
    public RedisKey Replicas => _prefix + "replicas";

    /// <summary>String with an expiry: which replica claimed a notification that every replica sees (a rejected rollout.json).</summary>
    public RedisKey WebhookClaim(string claim) => _prefix + "webhook-claim:" + claim;

    /// <summary>Pub/sub: a feature's name after each transition.</summary>
    public RedisChannel Changes => RedisChannel.Literal(_prefix + "changes");
}
