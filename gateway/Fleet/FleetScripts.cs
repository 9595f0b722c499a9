namespace Strangler.Gateway.Fleet;

/// <summary>
/// The Lua scripts that make each transition atomic in Redis: compare the feature's version, write
/// the new state and version, append the event and notify the other replicas, all or nothing.
/// StackExchange.Redis sends each by its SHA once loaded.
/// </summary>
internal static class FleetScripts
{
    /// <summary>
    /// KEYS: versions, features, epoch, events, event sequence.
    /// ARGV: feature, expected version, new version, state JSON, the leader epoch the decision was
    /// taken under ('' for a decision that is not the leader's: an operator's, a seed, a
    /// reconciliation), event JSON ('' for none), event log length, channel, lowest next event id.
    /// Returns {1, event id} applied; {0, current version, current state} the version moved on;
    /// {-1, fence} another leader has been elected since the epoch (a deposed leader's decision).
    /// </summary>
    public const string Transition = """
        local fence = tonumber(redis.call('GET', KEYS[3]) or '0')
        if ARGV[5] ~= '' and tonumber(ARGV[5]) ~= fence then
          return {-1, fence}
        end
        local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
        if current ~= tonumber(ARGV[2]) then
          return {0, current, redis.call('HGET', KEYS[2], ARGV[1]) or ''}
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
        local id = 0
        if ARGV[6] ~= '' then
          id = redis.call('INCR', KEYS[5])
          local floor = tonumber(ARGV[9])
          if id < floor then
            id = floor
            redis.call('SET', KEYS[5], id)
          end
          redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[7], '*', 'id', id, 'event', ARGV[6])
        end
        redis.call('PUBLISH', ARGV[8], ARGV[1])
        return {1, id}
        """;

    /// <summary>
    /// Takes or renews the leader lease. KEYS: leader, epoch. ARGV: replica, lease in ms, the highest
    /// epoch the replica has seen. The holder renews; with no holder the replica takes the lease
    /// under a new epoch, above every epoch it has seen (so a store that lost its data never hands
    /// out an epoch again). Returns {1, epoch} held; {0, epoch, holder, lease left in ms} another
    /// replica holds it.
    /// </summary>
    public const string Lease = """
        local holder = redis.call('GET', KEYS[1])
        local epoch = tonumber(redis.call('GET', KEYS[2]) or '0')
        if holder == ARGV[1] and epoch > 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return {1, epoch}
        end
        if not holder or holder == ARGV[1] then
          epoch = math.max(epoch, tonumber(ARGV[3])) + 1
          redis.call('SET', KEYS[2], epoch)
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return {1, epoch}
        end
        return {0, epoch, holder, redis.call('PTTL', KEYS[1])}
        """;

    /// <summary>Gives the lease up if the replica still holds it under the epoch. KEYS: leader, epoch. ARGV: replica, epoch.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('GET', KEYS[2]) == ARGV[2] then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """;

    /// <summary>
    /// Writes one replica's outcome counts of several seconds. KEYS: one outcomes hash per second.
    /// ARGV: replica, seconds to keep each hash, then one count text per key.
    /// </summary>
    public const string PublishOutcomes = """
        for i, key in ipairs(KEYS) do
          redis.call('HSET', key, ARGV[1], ARGV[i + 2])
          redis.call('EXPIRE', key, ARGV[2])
        end
        return #KEYS
        """;

    /// <summary>Every replica's outcome counts of several seconds. KEYS: one outcomes hash per second. Returns one list of count texts per key.</summary>
    public const string ReadOutcomes = """
        local all = {}
        for i, key in ipairs(KEYS) do
          all[i] = redis.call('HVALS', key)
        end
        return all
        """;

    /// <summary>KEYS: versions, features. Both hashes from one moment: {versions, states} as flat field/value lists.</summary>
    public const string Read = """
        return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2])}
        """;
}
