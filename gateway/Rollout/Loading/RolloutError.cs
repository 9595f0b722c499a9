namespace Strangler.Gateway.Rollout.Loading;

/// <summary>A problem in rollout.json, located by file, line, column (1-based, in characters) and JSON path.</summary>
internal sealed record RolloutError(string File, int Line, int Column, string JsonPath, string Message, RolloutErrorSeverity Severity)
{
    /// <summary>Compiler-style: <c>rollout.json:12:5: error: $.features.x.percentage: message</c>.</summary>
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Severity == RolloutErrorSeverity.Error ? "error" : "warning")}: {JsonPath}: {Message}";
}

internal enum RolloutErrorSeverity
{
    Error,
    Warning,
}
