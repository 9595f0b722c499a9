namespace Strangler.Gateway.Outcomes;

/// <summary>
/// Outcomes of one (feature, backend) pair in a ring of 1-second slots, each with counts per
/// outcome kind and a latency histogram. Recording is lock-free and allocation-free: Interlocked
/// increments into flat arrays. A slot is reused when its stamp is older than the second being
/// recorded; the recorder that wins the stamp's compare-and-swap clears it. An increment racing
/// that clear at a second boundary can be lost, a bounded inaccuracy accepted for lock freedom.
/// </summary>
internal sealed class OutcomeWindow
{
    private const int ClientErrorCounter = OutcomeKinds.Count;
    private const int CounterStride = OutcomeKinds.Count + 1;
    private const long Empty = long.MinValue;

    private readonly long[] _stamps;
    private readonly long[] _counts;
    private readonly long[] _latency;

    public OutcomeWindow(int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        Seconds = seconds;
        _stamps = new long[seconds];
        Array.Fill(_stamps, Empty);
        _counts = new long[seconds * CounterStride];
        _latency = new long[seconds * LatencyBuckets.Count];
    }

    /// <summary>Length of the window in seconds (= number of slots).</summary>
    public int Seconds { get; }

    /// <param name="second">Unix time in whole seconds.</param>
    /// <param name="status">The response status (0 when there was none).</param>
    public void Record(long second, OutcomeKind kind, int status, long latencyMicroseconds)
    {
        var slot = (int)(second % Seconds);
        var stamp = Volatile.Read(ref _stamps[slot]);
        if (stamp != second)
        {
            if (stamp > second)
            {
                return; // a straggler from a second whose slot was already reused
            }

            if (Interlocked.CompareExchange(ref _stamps[slot], second, stamp) == stamp)
            {
                Array.Clear(_counts, slot * CounterStride, CounterStride);
                Array.Clear(_latency, slot * LatencyBuckets.Count, LatencyBuckets.Count);
            }
        }

        Interlocked.Increment(ref _counts[(slot * CounterStride) + (int)kind]);
        if (status is >= 400 and < 500)
        {
            Interlocked.Increment(ref _counts[(slot * CounterStride) + ClientErrorCounter]);
        }

        if (kind != OutcomeKind.ClientAbort)
        {
            Interlocked.Increment(ref _latency[(slot * LatencyBuckets.Count) + LatencyBuckets.Index(latencyMicroseconds)]);
        }
    }

    /// <summary>
    /// Sums the slots of the last <paramref name="seconds"/> seconds up to <paramref name="now"/>
    /// (the current, partial second included), ignoring anything before <paramref name="since"/>.
    /// </summary>
    public WindowStats Snapshot(long now, int seconds, long since = long.MinValue)
    {
        var from = Math.Max(now - Math.Min(seconds, Seconds) + 1, since);
        var counts = new long[CounterStride];
        var latency = new long[LatencyBuckets.Count];
        for (var slot = 0; slot < Seconds; slot++)
        {
            var stamp = Volatile.Read(ref _stamps[slot]);
            if (stamp < from || stamp > now)
            {
                continue;
            }

            for (var i = 0; i < CounterStride; i++)
            {
                counts[i] += Volatile.Read(ref _counts[(slot * CounterStride) + i]);
            }

            for (var i = 0; i < LatencyBuckets.Count; i++)
            {
                latency[i] += Volatile.Read(ref _latency[(slot * LatencyBuckets.Count) + i]);
            }
        }

        return new WindowStats(counts[..OutcomeKinds.Count], counts[ClientErrorCounter], latency);
    }
}
