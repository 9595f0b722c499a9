namespace Strangler.Gateway.Cli;

/// <summary>
/// The known name a mistyped one probably meant: within two edits ("stauts" -> "status"), or the
/// only name it begins ("rollback" -> "rollback-all").
/// </summary>
internal static class Suggestion
{
    public const int MaxDistance = 2;

    public static string? Closest(string typed, IReadOnlyCollection<string> known)
    {
        typed = typed.ToLowerInvariant();
        var close = known
            .Select(name => (Name: name, Distance: Distance(typed, name)))
            .Where(c => c.Distance <= MaxDistance && c.Distance < c.Name.Length)
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
        var prefixed = typed.Length >= 3 ? known.Where(name => name.StartsWith(typed, StringComparison.Ordinal)).ToArray() : [];
        return close ?? (prefixed.Length == 1 ? prefixed[0] : null);
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
