namespace Strangler.Deploy.Tests.Docker;

/// <summary>A Dockerfile split into stages and instructions (comments dropped, continuation lines joined).</summary>
internal sealed record Dockerfile(string Path, IReadOnlyList<DockerStage> Stages)
{
    public DockerStage Final => Stages[^1];

    public static Dockerfile Load(string path) => Parse(path, File.ReadAllLines(path));

    public static Dockerfile Parse(string path, IReadOnlyList<string> lines)
    {
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        string? baseImage = null, name = null;

        foreach (var instruction in Instructions(lines))
        {
            if (instruction.Keyword == "FROM")
            {
                if (current is not null)
                {
                    stages.Add(new DockerStage(baseImage!, name, current));
                }

                var words = instruction.Words;
                baseImage = words[0];
                name = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                current = [];
            }
            else
            {
                (current ?? throw new FormatException($"{path}:{instruction.Line}: {instruction.Keyword} before FROM")).Add(instruction);
            }
        }

        if (current is not null)
        {
            stages.Add(new DockerStage(baseImage!, name, current));
        }

        return new Dockerfile(path, stages);
    }

    private static IEnumerable<DockerInstruction> Instructions(IReadOnlyList<string> lines)
    {
        string? pending = null;
        var start = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('#') || trimmed.Length == 0)
            {
                continue; // comments (parser directives included) and blank lines, also inside continuations
            }

            if (pending is null)
            {
                start = i + 1;
            }

            var continues = line.EndsWith('\\');
            pending = (pending is null ? "" : pending + " ") + (continues ? line[..^1].Trim() : trimmed);
            if (!continues)
            {
                var parts = pending.Split(' ', 2);
                yield return new DockerInstruction(parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1].Trim() : "", start);
                pending = null;
            }
        }
    }
}
