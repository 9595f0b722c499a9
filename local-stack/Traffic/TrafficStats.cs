namespace Strangler.LocalStack.Traffic;

/// <summary>Counts of the synthetic traffic's outcomes, updated concurrently.</summary>
internal sealed class TrafficStats
{
    private long _sent;
    private long _v3;
    private long _v4;
    private long _clientErrors;
    private long _serverErrors;
    private long _failed;
    private long _skipped;

    public void Sent() => Interlocked.Increment(ref _sent);

    /// <summary>A response arrived: counted by the backend that named itself (X-Backend) and by status class.</summary>
    public void Answered(string? backend, int status)
    {
        if (backend == "v3")
        {
            Interlocked.Increment(ref _v3);
        }
        else if (backend == "v4")
        {
            Interlocked.Increment(ref _v4);
        }

        if (status >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
        }
        else if (status >= 400)
        {
            Interlocked.Increment(ref _clientErrors);
        }
    }

    /// <summary>No response (connection refused or reset, timeout).</summary>
    public void Failed() => Interlocked.Increment(ref _failed);

    /// <summary>Not sent because too many requests were already in flight.</summary>
    public void Skipped() => Interlocked.Increment(ref _skipped);

    public TrafficSnapshot Snapshot() => new(
        Interlocked.Read(ref _sent), Interlocked.Read(ref _v3), Interlocked.Read(ref _v4),
        Interlocked.Read(ref _clientErrors), Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _failed), Interlocked.Read(ref _skipped));
}

internal sealed record TrafficSnapshot(long Sent, long V3, long V4, long ClientErrors, long ServerErrors, long Failed, long Skipped)
{
    public TrafficSnapshot Minus(TrafficSnapshot earlier) => new(
        Sent - earlier.Sent, V3 - earlier.V3, V4 - earlier.V4, ClientErrors - earlier.ClientErrors,
        ServerErrors - earlier.ServerErrors, Failed - earlier.Failed, Skipped - earlier.Skipped);

    public string Describe(TimeSpan over)
    {
        var line = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{Sent} requests in {over.TotalSeconds:0} s ({Sent / Math.Max(1, over.TotalSeconds):0.#}/s): v3 {V3}, v4 {V4}; 4xx {ClientErrors}, 5xx {ServerErrors}, no response {Failed}");
        return Skipped > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{line}, {Skipped} not sent (too many in flight)") : line;
    }
}
