namespace Strangler.Gateway.Outcomes;

/// <summary>
/// Outcomes of one (feature, backend) pair in a ring of 1-second slots, each with counts per
/// outcome kind and a latency histogram. Recording is lock-free and allocation-free: Interlocked
/// increments into flat arrays, allocated at the first outcome (a backend that gets no traffic
/// costs a few bytes). A slot is reused when its stamp is older than the second being recorded;
/// the recorder that wins the stamp's compare-and-swap clears it. An increment racing that clear at
/// a second boundary can be lost, a bounded inaccuracy accepted for lock freedom.
/// </summary>
internal sealed class OutcomeWindow
{
    private const int ClientErrorCounter = OutcomeKinds.Count;
    private const int CounterStride = OutcomeKinds.Count + 1;
    private const long Empty = long.MinValue;

    private Slots? _slots;

    // The newest second any slot was stamped with: a window with nothing recorded in a range sums nothing.
    private long _newest = Empty;

    public OutcomeWindow(int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        Seconds = seconds;
    }

    /// <summary>Length of the window in seconds (= number of slots).</summary>
    public int Seconds { get; }

    /// <param name="second">Unix time in whole seconds.</param>
    /// <param name="status">The response status (0 when there was none).</param>
    public void Record(long second, OutcomeKind kind, int status, long latencyMicroseconds)
    {
        var slots = Volatile.Read(ref _slots) ?? Allocate();
        var slot = (int)(second % Seconds);
        var stamp = Volatile.Read(ref slots.Stamps[slot]);
        if (stamp != second)
        {
            if (stamp > second)
            {
                return; // a straggler from a second whose slot was already reused
            }

            if (Interlocked.CompareExchange(ref slots.Stamps[slot], second, stamp) == stamp)
            {
                Array.Clear(slots.Counts, slot * CounterStride, CounterStride);
                Array.Clear(slots.Latency, slot * LatencyBuckets.Count, LatencyBuckets.Count);
                AdvanceNewest(second);
            }
        }

        Interlocked.Increment(ref slots.Counts[(slot * CounterStride) + (int)kind]);
        if (status is >= 400 and < 500)
        {
            Interlocked.Increment(ref slots.Counts[(slot * CounterStride) + ClientErrorCounter]);
        }

        if (kind != OutcomeKind.ClientAbort)
        {
            Interlocked.Increment(ref slots.Latency[(slot * LatencyBuckets.Count) + LatencyBuckets.Index(latencyMicroseconds)]);
        }
    }

    /// <summary>Counters per second in <see cref="ReadSecond"/> and <see cref="SetSecond"/>: one per outcome kind, then client errors (4xx).</summary>
    public const int Counters = CounterStride;

    /// <summary>
    /// Copies one second's counters (<see cref="Counters"/>) and latency histogram
    /// (<see cref="LatencyBuckets.Count"/>); false when nothing was recorded in that second or its
    /// slot has been reused since.
    /// </summary>
    public bool ReadSecond(long second, Span<int> counts, Span<int> latency)
    {
        var slot = (int)(second % Seconds);
        if (Volatile.Read(ref _slots) is not { } slots || Volatile.Read(ref slots.Stamps[slot]) != second)
        {
            return false;
        }

        for (var i = 0; i < CounterStride; i++)
        {
            counts[i] = Volatile.Read(ref slots.Counts[(slot * CounterStride) + i]);
        }

        for (var i = 0; i < LatencyBuckets.Count; i++)
        {
            latency[i] = Volatile.Read(ref slots.Latency[(slot * LatencyBuckets.Count) + i]);
        }

        return true;
    }

    /// <summary>
    /// Replaces one second's counters and histogram, as <see cref="ReadSecond"/> gives them (for a
    /// window that holds sums made elsewhere, such as the fleet's; one writer, no recording beside it).
    /// A second older than its slot's is ignored.
    /// </summary>
    public void SetSecond(long second, ReadOnlySpan<int> counts, ReadOnlySpan<int> latency)
    {
        var slots = Volatile.Read(ref _slots) ?? Allocate();
        var slot = (int)(second % Seconds);
        if (Volatile.Read(ref slots.Stamps[slot]) > second)
        {
            return;
        }

        counts.CopyTo(slots.Counts.AsSpan(slot * CounterStride, CounterStride));
        latency.CopyTo(slots.Latency.AsSpan(slot * LatencyBuckets.Count, LatencyBuckets.Count));
        Volatile.Write(ref slots.Stamps[slot], second);
        AdvanceNewest(second);
    }

    /// <summary>
    /// Sums the slots of the last <paramref name="seconds"/> seconds up to <paramref name="now"/>
    /// (the current, partial second included), ignoring anything before <paramref name="since"/>.
    /// </summary>
    public WindowStats Snapshot(long now, int seconds, long since = long.MinValue)
    {
        var from = Math.Max(now - Math.Min(seconds, Seconds) + 1, since);
        if (Volatile.Read(ref _slots) is not { } slots || Volatile.Read(ref _newest) < from)
        {
            return WindowStats.Empty;
        }

        var counts = new long[CounterStride];
        var latency = new long[LatencyBuckets.Count];
        for (var slot = 0; slot < Seconds; slot++)
        {
            var stamp = Volatile.Read(ref slots.Stamps[slot]);
            if (stamp < from || stamp > now)
            {
                continue;
            }

            for (var i = 0; i < CounterStride; i++)
            {
                counts[i] += Volatile.Read(ref slots.Counts[(slot * CounterStride) + i]);
            }

            for (var i = 0; i < LatencyBuckets.Count; i++)
            {
                latency[i] += Volatile.Read(ref slots.Latency[(slot * LatencyBuckets.Count) + i]);
            }
        }

        return new WindowStats(counts[..OutcomeKinds.Count], counts[ClientErrorCounter], latency);
    }

    /// <summary>
    /// Reads one second's slot: attempts the backend is accountable for, of which errors, and the
    /// latency histogram into <paramref name="latency"/> (<see cref="LatencyBuckets.Count"/> long).
    /// False (and nothing written) when the slot holds another second.
    /// </summary>
    public bool Read(long second, Span<long> latency, out long requests, out long errors)
    {
        requests = errors = 0;
        if (Volatile.Read(ref _slots) is not { } slots || second < 0)
        {
            return false;
        }

        var slot = (int)(second % Seconds);
        if (Volatile.Read(ref slots.Stamps[slot]) != second)
        {
            return false;
        }

        for (var kind = 0; kind < OutcomeKinds.Count; kind++)
        {
            long count = Volatile.Read(ref slots.Counts[(slot * CounterStride) + kind]);
            if ((OutcomeKind)kind == OutcomeKind.ClientAbort)
            {
                continue;
            }

            requests += count;
            errors += ((OutcomeKind)kind).IsBackendError() ? count : 0;
        }

        for (var i = 0; i < LatencyBuckets.Count; i++)
        {
            latency[i] = Volatile.Read(ref slots.Latency[(slot * LatencyBuckets.Count) + i]);
        }

        return true;
    }

    private Slots Allocate()
    {
        Interlocked.CompareExchange(ref _slots, new Slots(Seconds), null);
        return _slots!;
    }

    private void AdvanceNewest(long second)
    {
        var newest = Volatile.Read(ref _newest);
        while (second > newest)
        {
            var seen = Interlocked.CompareExchange(ref _newest, second, newest);
            if (seen == newest)
            {
                return;
            }

            newest = seen;
        }
    }

    // Counts per second fit an int many times over (2^31 requests in one second of one backend).
    private sealed class Slots
    {
        public Slots(int seconds)
        {
            Stamps = new long[seconds];
            Array.Fill(Stamps, Empty);
            Counts = new int[seconds * CounterStride];
            Latency = new int[seconds * LatencyBuckets.Count];
        }

        public long[] Stamps { get; }

        public int[] Counts { get; }

        public int[] Latency { get; }
    }
}
