using System.Collections.Concurrent;
using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// One feature's shadow comparisons since its last change (a percentage or stage change, a
/// revert, force, resume, or a new ignore list), for status, <c>/admin/shadow</c> and the parity
/// gate: the tally by result, the differing paths (generalised) with counts, and the latest
/// differing samples. Written by the comparisons, read by the guard and the admin API; lock-free
/// but for the samples ring.
/// </summary>
internal sealed class ShadowStats
{
    /// <summary>Differing samples kept for <c>/admin/shadow</c>.</summary>
    public const int RecentCapacity = 100;

    /// <summary>Distinct differing paths counted; beyond it they count under <see cref="OtherPaths"/>.</summary>
    public const int MaxPaths = 256;

    public const string OtherPaths = "(other paths)";

    private readonly ConcurrentDictionary<string, long> _paths = new(StringComparer.Ordinal);
    private readonly ShadowSample?[] _recent = new ShadowSample?[RecentCapacity];
    private readonly Lock _recentLock = new();
    private long _recentWritten;
    private long _matches;
    private long _diffs;
    private long _noise;
    private long _v4Errors;
    private long _skipped;
    private int _breachRecorded;

    private ShadowStats(DateTimeOffset since, string ignoreKey, ShadowNoise noise, ShadowGate gate)
    {
        Since = since;
        IgnoreKey = ignoreKey;
        Noise = noise;
        Gate = gate;
    }

    /// <summary>When the comparisons counted here began: the feature's last change.</summary>
    public DateTimeOffset Since { get; }

    public ShadowNoise Noise { get; }

    public ShadowGate Gate { get; }

    private string IgnoreKey { get; }

    /// <summary>
    /// The statistics of a feature with shadowing configured, in <paramref name="state"/>: those of
    /// <paramref name="previous"/> while nothing changed (same state, same ignore list), otherwise
    /// new ones from the change on, keeping what was learned about v3's noise while the ignore list
    /// is the same, and always the in-flight count. Null without a shadow configuration.
    /// </summary>
    public static ShadowStats? For(FeatureConfig file, FeatureRuntimeState state, ShadowStats? previous)
    {
        if (file.Shadow is not { } policy)
        {
            return null;
        }

        var ignoreKey = string.Join('\n', policy.Ignore.Select(p => p.ToString()));
        if (previous is null)
        {
            return new ShadowStats(state.ChangedAt, ignoreKey, new ShadowNoise(), new ShadowGate());
        }

        var sameIgnore = previous.IgnoreKey == ignoreKey;
        return sameIgnore && previous.Since == state.ChangedAt
            ? previous
            : new ShadowStats(state.ChangedAt, ignoreKey, sameIgnore ? previous.Noise : new ShadowNoise(), previous.Gate);
    }

    public ShadowTally Read() => new(
        Interlocked.Read(ref _matches), Interlocked.Read(ref _diffs), Interlocked.Read(ref _noise), Interlocked.Read(ref _v4Errors), Interlocked.Read(ref _skipped));

    public void Count(ShadowResult result)
    {
        switch (result)
        {
            case ShadowResult.Match: Interlocked.Increment(ref _matches); break;
            case ShadowResult.Diff: Interlocked.Increment(ref _diffs); break;
            case ShadowResult.Noise: Interlocked.Increment(ref _noise); break;
            case ShadowResult.V4Error: Interlocked.Increment(ref _v4Errors); break;
            default: Interlocked.Increment(ref _skipped); break;
        }
    }

    /// <summary>A differing (or v4-failed) comparison: its counted paths, and the sample for <c>/admin/shadow</c>.</summary>
    public void Keep(ShadowSample sample, IEnumerable<string> generalizedPaths)
    {
        foreach (var path in generalizedPaths)
        {
            var key = _paths.ContainsKey(path) || _paths.Count < MaxPaths ? path : OtherPaths;
            _paths.AddOrUpdate(key, 1, static (_, n) => n + 1);
        }

        lock (_recentLock)
        {
            _recent[_recentWritten++ % RecentCapacity] = sample;
        }
    }

    /// <summary>The most frequent differing paths, most frequent first (ties by path).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> TopPaths(int count) =>
        [.. _paths.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count)];

    /// <summary>The latest differing samples, newest first.</summary>
    public ImmutableArray<ShadowSample> Recent(int limit)
    {
        lock (_recentLock)
        {
            var available = (int)Math.Min(_recentWritten, RecentCapacity);
            var builder = ImmutableArray.CreateBuilder<ShadowSample>(Math.Min(limit, available));
            for (var i = 0; i < available && builder.Count < limit; i++)
            {
                builder.Add(_recent[(_recentWritten - 1 - i) % RecentCapacity]!);
            }

            return builder.MoveToImmutable();
        }
    }

    /// <summary>True once per statistics (so once per change): the first time parity is seen failing, to record it as an event.</summary>
    public bool FirstBreach() => Interlocked.Exchange(ref _breachRecorded, 1) == 0;
}
