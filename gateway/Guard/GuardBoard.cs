using System.Collections.Concurrent;

namespace Strangler.Gateway.Guard;

/// <summary>The latest verdict per feature, for status, metrics and the dashboard.</summary>
internal sealed class GuardBoard
{
    // One slot per feature, found without a lock, holding an immutable entry replaced whole: setting a
    // verdict per feature every second took the dictionary's bucket lock each time.
    private readonly ConcurrentDictionary<string, Slot> _latest = new(StringComparer.Ordinal);

    public void Set(string feature, GuardVerdict verdict, DateTimeOffset at) =>
        Volatile.Write(ref _latest.GetOrAdd(feature, static _ => new Slot()).Latest, new Entry(verdict, at));

    public (GuardVerdict Verdict, DateTimeOffset At)? Get(string feature) =>
        _latest.TryGetValue(feature, out var slot) && Volatile.Read(ref slot.Latest) is { } entry ? (entry.Verdict, entry.At) : null;

    /// <summary>Forgets the features not in <paramref name="features"/> (removed from the file).</summary>
    public void Retain(IReadOnlySet<string> features)
    {
        foreach (var name in _latest.Keys)
        {
            if (!features.Contains(name))
            {
                _latest.TryRemove(name, out _);
            }
        }
    }

    private sealed class Slot
    {
        public Entry? Latest;
    }

    private sealed record Entry(GuardVerdict Verdict, DateTimeOffset At);
}
