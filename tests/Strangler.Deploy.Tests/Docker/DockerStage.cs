namespace Strangler.Deploy.Tests.Docker;

/// <summary>One build stage: <c>FROM image [AS name]</c> and the instructions up to the next FROM.</summary>
internal sealed record DockerStage(string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) =>
        Instructions.Where(i => string.Equals(i.Keyword, keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>COPY and ADD instructions that read from the build context (not <c>--from</c> another stage or image).</summary>
    public IEnumerable<DockerInstruction> ContextCopies =>
        Instructions.Where(i => i.Keyword is "COPY" or "ADD" && !i.Flags.ContainsKey("from"));

    /// <summary>The sources of a COPY/ADD (every word but the last, which is the destination).</summary>
    public static IReadOnlyList<string> Sources(DockerInstruction copy) => [.. copy.Words.Take(copy.Words.Count - 1)];

    public static string Destination(DockerInstruction copy) => copy.Words[^1];
}
