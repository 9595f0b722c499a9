using System.Globalization;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// An area's generation. Every cache key of the area carries it and a write replaces it with a newer
/// one, so everything cached for the area before the write becomes unreachable at once (and expires by
/// TTL), including an entry that a concurrent reader loaded before the write and stores after it.
/// Ordered by when it was made, then by a random nonce; a generation made after another one an instance
/// knows is always newer.
/// </summary>
internal readonly record struct Generation(long Ticks, int Nonce) : IComparable<Generation>
{
    /// <summary>A new generation, newer than <paramref name="known"/> even if the clock went back.</summary>
    public static Generation After(Generation? known, TimeProvider time)
    {
        var ticks = time.GetUtcNow().UtcTicks;
        if (known is { } previous && ticks <= previous.Ticks)
        {
            ticks = previous.Ticks + 1;
        }

        return new Generation(ticks, Random.Shared.Next());
    }

    public static Generation Newer(Generation a, Generation b) => a.CompareTo(b) >= 0 ? a : b;

    public int CompareTo(Generation other) => Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : Nonce.CompareTo(other.Nonce);

    /// <summary>The form cache keys carry.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ticks:x}.{Nonce:x}");
}
