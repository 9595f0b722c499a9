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
    /// ARGV: feature, expected version, new version, state JSON, epoch, event JSON ('' for none),
    /// event log length, channel, lowest next event id.
    /// Returns {1, event id} applied; {0, current version, current state} the version moved on;
    /// {-1, fence} the epoch is older than the fence (a deposed leader's decision).
    /// </summary>
    public const string Transition = """
        local fence = tonumber(redis.call('GET', KEYS[3]) or '0')
        if tonumber(ARGV[5]) < fence then
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

    /// <summary>KEYS: versions, features. Both hashes from one moment: {versions, states} as flat field/value lists.</summary>
    public const string Read = """
        return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2])}
        """;
}
