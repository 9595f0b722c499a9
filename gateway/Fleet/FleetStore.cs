using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using Strangler.Gateway.Events;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The fleet's shared state in Redis: per-feature state with a version, compare-and-set transitions
/// (one Lua script each, so a transition and its event are applied once however many replicas try),
/// the bounded shared event stream, change notifications and replica heartbeats. Every call is
/// short (<see cref="FleetOptions.Timeout"/>); an unreachable store surfaces as
/// <see cref="FleetWriteOutcome.Unavailable"/> or a <see cref="FleetUnavailableException"/>.
/// </summary>
internal sealed class FleetStore(FleetOptions options, string replicaId, int eventCapacity) : IAsyncDisposable
{
    private readonly FleetKeys _keys = new(options.Name);
    private ConnectionMultiplexer? _connection;

    public string ReplicaId { get; } = replicaId;

    /// <summary>Where the fleet lives, for status and logs (the configuration string without secrets).</summary>
    public string Location { get; } = Describe(options);

    /// <summary>Connects (or starts reconnecting in the background when Redis is down: this does not fail for that).</summary>
    public async Task ConnectAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(FleetConnection.Options(options, ReplicaId));
    }

    /// <summary>Calls <paramref name="changed"/> with a feature's name when any replica applied a transition (re-subscribed after reconnects).</summary>
    public Task SubscribeAsync(Action<string> changed) =>
        Guarded(() => Connection.GetSubscriber().SubscribeAsync(_keys.Changes, (_, feature) => changed(feature.ToString())));

    /// <summary>Every feature's state and version, read atomically.</summary>
    /// <exception cref="FleetUnavailableException">Redis did not answer.</exception>
    public Task<IReadOnlyDictionary<string, SharedFeature>> ReadAsync() => Guarded(async () =>
    {
        var result = await Database.ScriptEvaluateAsync(FleetScripts.Read, [_keys.Versions, _keys.Features]);
        var parts = (RedisResult[])result!;
        var versions = Pairs((RedisResult[])parts[0]!);
        var states = Pairs((RedisResult[])parts[1]!);
        var shared = new Dictionary<string, SharedFeature>(StringComparer.Ordinal);
        foreach (var (feature, json) in states)
        {
            if (versions.TryGetValue(feature, out var version) && Parse(json) is { } state)
            {
                shared[feature] = new SharedFeature(state, long.Parse(version, CultureInfo.InvariantCulture));
            }
        }

        return (IReadOnlyDictionary<string, SharedFeature>)shared;
    });

    /// <summary>
    /// Puts <paramref name="state"/> in force fleet-wide if the feature's version is still
    /// <paramref name="expected"/> (0: the store has none), as <paramref name="next"/>, with its event.
    /// </summary>
    /// <param name="epoch">The leader epoch a guard decision was taken under (fenced when another leader was elected since); null for a decision that is not the leader's.</param>
    /// <param name="minEventId">The lowest id the event may get: above every id this replica has seen, so a store that lost its data cannot reuse one.</param>
    public async Task<FleetWrite> WriteAsync(FeatureRuntimeState state, long expected, long next, RolloutEvent? e, long? epoch, long minEventId)
    {
        try
        {
            var result = (RedisResult[])(await Database.ScriptEvaluateAsync(
                FleetScripts.Transition,
                [_keys.Versions, _keys.Features, _keys.Epoch, _keys.Events, _keys.EventSequence],
                [
                    state.Feature, expected, next,
                    JsonSerializer.Serialize(PersistedStateMapper.ToPersisted(state), FleetJsonContext.Default.PersistedFeature),
                    epoch is { } leader ? leader.ToString(CultureInfo.InvariantCulture) : string.Empty,
                    e is null ? string.Empty : JsonSerializer.Serialize(e, FleetJsonContext.Default.RolloutEvent),
                    eventCapacity,
                    _keys.Changes.ToString(),
                    minEventId,
                ]))!;
            return (int)result[0] switch
            {
                1 => new FleetWrite(FleetWriteOutcome.Applied, EventId: (long)result[1]),
                -1 => new FleetWrite(FleetWriteOutcome.Fenced),
                _ => new FleetWrite(
                    FleetWriteOutcome.Conflict,
                    Current: Parse(result[2].ToString()) is { } current ? new SharedFeature(current, (long)result[1]) : null,
                    CurrentVersion: (long)result[1]),
            };
        }
        catch (Exception x) when (IsUnavailable(x))
        {
            return new FleetWrite(FleetWriteOutcome.Unavailable, Error: x.Message);
        }
    }

    /// <summary>
    /// Takes or renews the leader lease for <paramref name="lease"/>. The new epoch is above
    /// <paramref name="highestEpoch"/>, the highest this replica has seen.
    /// </summary>
    /// <exception cref="FleetUnavailableException">Redis did not answer.</exception>
    public Task<FleetLease> LeaseAsync(TimeSpan lease, long highestEpoch) => Guarded(async () =>
    {
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(
            FleetScripts.Lease,
            [_keys.Leader, _keys.Epoch],
            [ReplicaId, (long)lease.TotalMilliseconds, highestEpoch]))!;
        return (int)result[0] == 1
            ? new FleetLease(Held: true, (long)result[1], ReplicaId)
            : new FleetLease(Held: false, (long)result[1], result[2].ToString());
    });

    /// <summary>Gives the lease up (at shutdown) if this replica still holds it under <paramref name="epoch"/>.</summary>
    /// <exception cref="FleetUnavailableException">Redis did not answer.</exception>
    public Task ReleaseAsync(long epoch) =>
        Guarded(() => Database.ScriptEvaluateAsync(FleetScripts.Release, [_keys.Leader, _keys.Epoch], [ReplicaId, epoch]));

    /// <summary>Writes this replica's outcome counts of each given second, kept for <paramref name="keep"/>; one script call.</summary>
    /// <exception cref="FleetUnavailableException">Redis did not answer.</exception>
    public Task PublishOutcomesAsync(IReadOnlyList<(long Second, string Counts)> seconds, TimeSpan keep) => Guarded(() =>
        Database.ScriptEvaluateAsync(
            FleetScripts.PublishOutcomes,
            [.. seconds.Select(s => _keys.Outcomes(s.Second))],
            [ReplicaId, (long)keep.TotalSeconds, .. seconds.Select(s => (RedisValue)s.Counts)]));

    /// <summary>Every replica's outcome counts of each given second; one script call.</summary>
    /// <exception cref="FleetUnavailableException">Redis did not answer.</exception>
    public Task<IReadOnlyList<(long Second, string[] Counts)>> OutcomesAsync(IReadOnlyList<long> seconds) => Guarded(async () =>
    {
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(FleetScripts.ReadOutcomes, [.. seconds.Select(_keys.Outcomes)]))!;
        return (IReadOnlyList<(long, string[])>)seconds.Select((second, i) => (second, ((RedisResult[])result[i]!).Select(v => v.ToString()).ToArray())).ToArray();
    });

    /// <summary>Shared events after stream entry <paramref name="after"/> (null: the newest <paramref name="count"/>), oldest first, with the last entry's id.</summary>
    /// <exception cref="FleetUnavailableException">Redis did not answer.</exception>
    public Task<(IReadOnlyList<RolloutEvent> Events, string? Last)> EventsAfterAsync(string? after, int count) => Guarded(async () =>
    {
        var entries = after is null
            ? (await Database.StreamRangeAsync(_keys.Events, count: count, messageOrder: Order.Descending)).Reverse().ToArray()
            : await Database.StreamRangeAsync(_keys.Events, minId: "(" + after, count: count);
        var events = new List<RolloutEvent>(entries.Length);
        foreach (var entry in entries)
        {
            if (JsonSerializer.Deserialize((string)entry["event"]!, FleetJsonContext.Default.RolloutEvent) is { } e)
            {
                events.Add(e with { Id = (long)entry["id"] });
            }
        }

        // With nothing read yet, later reads start from the stream's beginning instead of fetching the newest page again.
        return ((IReadOnlyList<RolloutEvent>)events, (string?)(entries.Length > 0 ? entries[^1].Id.ToString() : after ?? "0-0"));
    });

    /// <summary>Writes this replica's heartbeat, drops expired ones, and returns every replica's.</summary>
    /// <exception cref="FleetUnavailableException">Redis did not answer.</exception>
    public Task<IReadOnlyList<ReplicaHeartbeat>> HeartbeatAsync(ReplicaHeartbeat heartbeat, DateTimeOffset expiredBefore) => Guarded(async () =>
    {
        await Database.HashSetAsync(_keys.Replicas, heartbeat.Replica, JsonSerializer.Serialize(heartbeat, FleetJsonContext.Default.ReplicaHeartbeat));
        var all = new List<ReplicaHeartbeat>();
        var expired = new List<RedisValue>();
        foreach (var entry in await Database.HashGetAllAsync(_keys.Replicas))
        {
            var beat = JsonSerializer.Deserialize((string)entry.Value!, FleetJsonContext.Default.ReplicaHeartbeat);
            if (beat is null || beat.At < expiredBefore)
            {
                expired.Add(entry.Name);
            }
            else
            {
                all.Add(beat);
            }
        }

        if (expired.Count > 0)
        {
            await Database.HashDeleteAsync(_keys.Replicas, [.. expired]);
        }

        return (IReadOnlyList<ReplicaHeartbeat>)all.OrderBy(b => b.Replica, StringComparer.Ordinal).ToArray();
    });

    /// <summary>Claims <paramref name="claim"/> for this replica for <paramref name="keep"/>: true for the one replica that got it first.</summary>
    /// <exception cref="FleetUnavailableException">Redis did not answer.</exception>
    public Task<bool> ClaimAsync(string claim, TimeSpan keep) =>
        Guarded(() => Database.StringSetAsync(_keys.WebhookClaim(claim), ReplicaId, keep, When.NotExists));

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    public static bool IsUnavailable(Exception e) => e is RedisException or TimeoutException or JsonException or InvalidCastException;

    private ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("the fleet store is not connected");

    private IDatabase Database => Connection.GetDatabase();

    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new FleetUnavailableException(e.Message, e);
        }
    }

    private static async Task Guarded(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new FleetUnavailableException(e.Message, e);
        }
    }

    private static Dictionary<string, string> Pairs(RedisResult[] flat)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            pairs[flat[i].ToString()] = flat[i + 1].ToString();
        }

        return pairs;
    }

    private static FeatureRuntimeState? Parse(string? json) =>
        string.IsNullOrEmpty(json)
            ? null
            : JsonSerializer.Deserialize(json, FleetJsonContext.Default.PersistedFeature) is { } persisted
                ? PersistedStateMapper.FromPersisted(persisted, out _)
                : null;

    private static string Describe(FleetOptions options)
    {
        var parsed = ConfigurationOptions.Parse(options.Redis!);
        return $"redis {string.Join(",", parsed.EndPoints.Select(e => e.ToString()))} (fleet {options.Name})";
    }
}
