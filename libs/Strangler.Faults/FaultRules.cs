namespace Strangler.Faults;

/// <summary>The active fault rules: an immutable list swapped atomically, read lock-free per request.</summary>
public sealed class FaultRules
{
    private volatile FaultRule[] _rules = [];
    private readonly Lock _writeLock = new();

    public IReadOnlyList<FaultRule> All => _rules;

    /// <summary>The rule with the longest prefix matching the path, or null.</summary>
    public FaultRule? Match(string path)
    {
        FaultRule? best = null;
        foreach (var rule in _rules)
        {
            if (path.StartsWith(rule.PathPrefix, StringComparison.OrdinalIgnoreCase)
                && (best is null || rule.PathPrefix.Length > best.PathPrefix.Length))
            {
                best = rule;
            }
        }

        return best;
    }

    /// <summary>Adds the rule, replacing one with the same prefix.</summary>
    public void Set(FaultRule rule)
    {
        lock (_writeLock)
        {
            _rules = [.. _rules.Where(r => !string.Equals(r.PathPrefix, rule.PathPrefix, StringComparison.OrdinalIgnoreCase)), rule];
        }
    }

    /// <summary>Removes the rule for a prefix; returns false when there was none.</summary>
    public bool Remove(string prefix)
    {
        lock (_writeLock)
        {
            var kept = _rules.Where(r => !string.Equals(r.PathPrefix, prefix, StringComparison.OrdinalIgnoreCase)).ToArray();
            var removed = kept.Length != _rules.Length;
            _rules = kept;
            return removed;
        }
    }

    public void Clear()
    {
        lock (_writeLock)
        {
            _rules = [];
        }
    }
}
