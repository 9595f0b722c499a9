using System.Collections.Concurrent;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// What the feature's noise checks have shown about v3 (Diffy's method): a generalised path at
/// which two answers of v3 to the same request differed is noise, and a difference from v4 there
/// proves nothing. A path is also remembered as checked when two v3 answers agreed on it, so an
/// unexplained difference is re-checked a few times before it counts as v4's own. Kept while the
/// feature's ignore list stays the same (a percentage change does not change v3).
/// </summary>
internal sealed class ShadowNoise
{
    /// <summary>Checks of a differing path (two v3 answers that agreed there) before it counts as v4's difference without another.</summary>
    public const int ChecksPerPath = 3;

    /// <summary>Distinct paths remembered; beyond it a new path is neither learned nor re-checked.</summary>
    public const int MaxPaths = 1024;

    private readonly ConcurrentDictionary<string, int> _checks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _noise = new(StringComparer.Ordinal);

    public bool IsNoise(string generalizedPath) => _noise.ContainsKey(generalizedPath);

    /// <summary>Whether a difference at this path deserves another look at v3 before it is counted.</summary>
    public bool NeedsCheck(string generalizedPath) =>
        !_noise.ContainsKey(generalizedPath)
        && (_checks.TryGetValue(generalizedPath, out var checks) ? checks < ChecksPerPath : _checks.Count < MaxPaths);

    /// <summary>The outcome of asking v3 twice: <paramref name="differing"/> are noise; the rest of <paramref name="looked"/> agreed once more.</summary>
    public void Learn(IEnumerable<string> looked, IReadOnlySet<string> differing)
    {
        foreach (var path in differing)
        {
            if (_noise.Count < MaxPaths)
            {
                _noise.TryAdd(path, 0);
            }
        }

        foreach (var path in looked)
        {
            if (!differing.Contains(path) && (_checks.ContainsKey(path) || _checks.Count < MaxPaths))
            {
                _checks.AddOrUpdate(path, 1, static (_, n) => n + 1);
            }
        }
    }

    /// <summary>The noise paths, sorted.</summary>
    public IReadOnlyList<string> Paths() => [.. _noise.Keys.Order(StringComparer.Ordinal)];
}
