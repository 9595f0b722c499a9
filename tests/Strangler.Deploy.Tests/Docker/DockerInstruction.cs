using System.Text.Json;

namespace Strangler.Deploy.Tests.Docker;

/// <summary>One instruction of a Dockerfile, continuation lines joined; <paramref name="Line"/> is where it starts (1-based).</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    /// <summary>Flags before the arguments (<c>--from=build</c>, <c>--chmod=0755</c>, <c>--interval=10s</c>).</summary>
    public IReadOnlyDictionary<string, string> Flags => Split().Flags;

    /// <summary>The arguments after the flags: the JSON (exec) form's array, or the shell form split on spaces.</summary>
    public IReadOnlyList<string> Words => Split().Words;

    private (Dictionary<string, string> Flags, IReadOnlyList<string> Words) Split()
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = Arguments.TrimStart();
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOf(' ', StringComparison.Ordinal);
            var flag = end < 0 ? rest : rest[..end];
            var parts = flag[2..].Split('=', 2);
            flags[parts[0]] = parts.Length > 1 ? parts[1] : "";
            rest = end < 0 ? "" : rest[end..].TrimStart();
        }

        IReadOnlyList<string> words = rest.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(rest) ?? []
            : rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (flags, words);
    }
}
