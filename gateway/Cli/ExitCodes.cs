namespace Strangler.Gateway.Cli;

/// <summary>Exit codes of the gateway's commands, stable for scripts.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for validate: the file is valid (warnings allowed).</summary>
    public const int Success = 0;

    /// <summary>The file is invalid, or the gateway refused the request (4xx/5xx).</summary>
    public const int Failure = 1;

    /// <summary>Wrong command line.</summary>
    public const int Usage = 2;

    /// <summary>The management port could not be reached.</summary>
    public const int Unreachable = 3;
}
