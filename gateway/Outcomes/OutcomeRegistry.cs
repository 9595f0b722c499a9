using System.Collections.Frozen;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Outcomes;

/// <summary>
/// The outcome windows of every feature, for v3 and v4, sized by each feature's guard window.
/// Rebuilt when a rollout revision is applied; windows of features whose window length did not
/// change are carried over, so a reload loses no data. Lookups on the request path are a frozen
/// dictionary read: no lock, no allocation.
/// </summary>
internal sealed class OutcomeRegistry
{
    private volatile FrozenDictionary<string, FeatureWindows> _windows = FrozenDictionary<string, FeatureWindows>.Empty;

    public OutcomeRegistry(RolloutStore store) => store.Subscribe(OnApplied);

    public FeatureWindows? For(string feature) => _windows.GetValueOrDefault(feature);

    /// <param name="startedSecond">
    /// The second (Unix time) the attempt started, not the one it completed in: the guard restarts
    /// its evidence in the second after a revert, so a slow attempt begun before the revert must not
    /// land after it. An attempt that outlasts the whole window no longer has a slot and is not counted.
    /// </param>
    public void Record(string feature, bool v4, long startedSecond, OutcomeKind kind, int status, long latencyMicroseconds)
    {
        if (_windows.TryGetValue(feature, out var windows))
        {
            (v4 ? windows.V4 : windows.V3).Record(startedSecond, kind, status, latencyMicroseconds);
        }
    }

    private void OnApplied(RouteTable table)
    {
        var previous = _windows;
        _windows = table.Snapshot.Features.ToFrozenDictionary(
            f => f.Name,
            f =>
            {
                var seconds = (int)f.Guard.Window.TotalSeconds;
                return previous.TryGetValue(f.Name, out var existing) && existing.V4.Seconds == seconds
                    ? existing
                    : new FeatureWindows(new OutcomeWindow(seconds), new OutcomeWindow(seconds));
            },
            StringComparer.Ordinal);
    }
}

/// <summary>The two windows of one feature.</summary>
internal sealed record FeatureWindows(OutcomeWindow V3, OutcomeWindow V4);
