namespace Strangler.Gateway.Rollout.Loading;

internal sealed record RolloutError(string File, int Line, int Column, string JsonPath, string Message, RolloutErrorSeverity Severity);

internal enum RolloutErrorSeverity
{
    Error,
    Warning,
}
