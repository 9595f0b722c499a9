using System.Collections.Concurrent;

namespace Strangler.Gateway.Guard;

/// <summary>The latest verdict per feature, for status, metrics and the dashboard.</summary>
internal sealed class GuardBoard
{
    private readonly ConcurrentDictionary<string, (GuardVerdict Verdict, DateTimeOffset At)> _latest = new(StringComparer.Ordinal);

    public void Set(string feature, GuardVerdict verdict, DateTimeOffset at) => _latest[feature] = (verdict, at);

    public (GuardVerdict Verdict, DateTimeOffset At)? Get(string feature) =>
        _latest.TryGetValue(feature, out var entry) ? entry : null;
}
