namespace Strangler.Gateway.Outcomes;

/// <summary>How one proxied attempt ended, from the backend's point of view.</summary>
internal enum OutcomeKind
{
    /// <summary>A response below 500 (4xx are the client's problem, not the backend's).</summary>
    Success,

    /// <summary>The backend answered 5xx.</summary>
    ServerError,

    /// <summary>No connection could be made (refused, unreachable, DNS).</summary>
    ConnectFailure,

    /// <summary>The backend did not answer in time.</summary>
    Timeout,

    /// <summary>The connection broke (reset, closed mid-response) or another transport error.</summary>
    Reset,

    /// <summary>The cluster had no healthy destination.</summary>
    NoDestination,

    /// <summary>The client went away; not counted against the backend.</summary>
    ClientAbort,
}

internal static class OutcomeKinds
{
    public const int Count = 7;

    public static bool IsBackendError(this OutcomeKind kind) => kind is not (OutcomeKind.Success or OutcomeKind.ClientAbort);

    public static bool IsProxyError(this OutcomeKind kind) =>
        kind is OutcomeKind.ConnectFailure or OutcomeKind.Timeout or OutcomeKind.Reset or OutcomeKind.NoDestination;

    /// <summary>Stable snake_case names for metrics and status.</summary>
    public static string ToName(this OutcomeKind kind) => kind switch
    {
        OutcomeKind.Success => "success",
        OutcomeKind.ServerError => "server_error",
        OutcomeKind.ConnectFailure => "connect_failure",
        OutcomeKind.Timeout => "timeout",
        OutcomeKind.Reset => "reset",
        OutcomeKind.NoDestination => "no_destination",
        _ => "client_abort",
    };
}
