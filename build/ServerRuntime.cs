namespace Strangler.Hosting;

/// <summary>
/// Process-wide runtime settings that cannot live in <c>ServerRuntime.props</c> because the runtime
/// reads them from the environment. Shared by the gateway and the bare-YARP benchmark arm.
/// </summary>
internal static class ServerRuntime
{
    /// <summary>
    /// Socket completions run on the socket engine's threads instead of being queued to the thread
    /// pool. For a proxy, whose request path is awaiting sockets on both sides, this saves a thread
    /// pool hand-off per completion (docs/benchmarks.md). Kestrel's scheduling is unchanged (what it
    /// reads is handed to the thread pool); what moves to an engine thread is the code after an
    /// awaited HttpClient socket operation (YARP's forwarder, the gateway's response transforms and
    /// outcome recording), none of which blocks.
    /// </summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Applies the settings unless the environment already chose (set the variable to 0 to keep
    /// completions on the thread pool). Must run before the process's first socket operation: the
    /// runtime reads the variable once.
    /// </summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        }
    }
}
