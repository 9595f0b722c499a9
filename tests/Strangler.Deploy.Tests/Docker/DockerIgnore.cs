using System.Text;
using System.Text.RegularExpressions;

namespace Strangler.Deploy.Tests.Docker;

/// <summary>
/// A build context's .dockerignore, matched as Docker does: patterns in order, the last one that
/// matches a path (or one of its parent directories) decides, '!' re-includes; '*' and '?' stay
/// within one path segment, '**' spans any number of them.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly IReadOnlyList<(Regex Pattern, bool Excludes)> _rules;

    private DockerIgnore(IReadOnlyList<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore Load(string contextDirectory)
    {
        var path = Path.Combine(contextDirectory, ".dockerignore");
        return Parse(File.Exists(path) ? File.ReadAllLines(path) : []);
    }

    public static DockerIgnore Parse(IEnumerable<string> lines) =>
        new([.. lines
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.StartsWith('!') ? (ToRegex(l[1..]), false) : (ToRegex(l), true))]);

    /// <summary>True when <paramref name="relativePath"/> (relative to the context, '/' separators) is left out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var path = Clean(relativePath);
        var excluded = false;
        foreach (var (pattern, excludes) in _rules)
        {
            if (SelfAndParents(path).Any(pattern.IsMatch))
            {
                excluded = excludes;
            }
        }

        return excluded;
    }

    private static IEnumerable<string> SelfAndParents(string path)
    {
        for (var end = path.IndexOf('/', StringComparison.Ordinal); end >= 0; end = path.IndexOf('/', end + 1))
        {
            yield return path[..end];
        }

        yield return path;
    }

    private static string Clean(string path)
    {
        path = path.Trim().Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path.Trim('/');
    }

    private static Regex ToRegex(string pattern)
    {
        pattern = Clean(pattern);
        if (pattern.Contains('[', StringComparison.Ordinal) || pattern.Contains('\\', StringComparison.Ordinal))
        {
            throw new NotSupportedException($".dockerignore pattern '{pattern}': character classes and escapes are not modelled by this test");
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more whole segments; a trailing "**" matches everything below.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(pattern[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    var c => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
