using System.Numerics;

namespace Strangler.Gateway.Outcomes;

/// <summary>
/// Outcomes of one (feature, backend) pair in a ring of 1-second slots, each with counts per
/// outcome kind and a latency histogram. Recording is lock-free and allocation-free: Interlocked
/// increments into flat arrays, allocated at the first outcome (a backend that gets no traffic
/// costs a few bytes). A slot's histogram is sparse: up to <see cref="SparseBuckets"/> (bucket,
/// count) entries, claimed by compare-and-swap, which hold a second of tens of requests whatever
/// their latencies; a second that spreads wider spills into a dense histogram per slot, allocated
/// for the window the first time that happens. So a window costs a few KB, and the 25 KB of dense
/// histograms only where the traffic needs them (a rollout of 1,000 features kept 36 MB of
/// mostly empty histograms). A slot is reused when its stamp is older than the second being
/// recorded; the recorder that wins the stamp's compare-and-swap clears it while the others of that
/// second wait the few writes it takes (once a second per window), so no outcome recorded as its
/// second begins is erased by that clear.
/// </summary>
internal sealed class OutcomeWindow
{
    private const int ClientErrorCounter = OutcomeKinds.Count;
    private const int CounterStride = OutcomeKinds.Count + 1;
    private const long Empty = long.MinValue;

    /// <summary>Distinct latency buckets a slot holds before it spills into the dense histogram.</summary>
    internal const int SparseBuckets = 16;

    // A sparse entry is (bucket + 1) << 24 | count; 0 is a free entry.
    private const int CountBits = 24;
    private const int CountMask = (1 << CountBits) - 1;

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
        if (stamp != second && !Claim(slots, slot, second, stamp))
        {
            return; // a straggler from a second whose slot was already reused
        }

        Interlocked.Increment(ref slots.Counts[(slot * CounterStride) + (int)kind]);
        if (status is >= 400 and < 500)
        {
            Interlocked.Increment(ref slots.Counts[(slot * CounterStride) + ClientErrorCounter]);
        }

        if (kind != OutcomeKind.ClientAbort)
        {
            RecordLatency(slots, slot, LatencyBuckets.Index(latencyMicroseconds));
        }
    }

    /// <summary>
    /// Makes the slot hold <paramref name="second"/>: the recorder that wins the stamp marks it as
    /// being cleared (<c>~second</c>, which no reader takes for a second), clears it and then stamps
    /// it; the others wait for the stamp, so no increment lands before the clear that would erase
    /// it. False for a straggler (the slot holds a later second).
    /// </summary>
    private bool Claim(Slots slots, int slot, long second, long stamp)
    {
        var spinner = default(SpinWait);
        while (stamp != second)
        {
            if (stamp != Empty && stamp < 0)
            {
                if (~stamp > second)
                {
                    return false; // being cleared for a later second
                }

                spinner.SpinOnce(); // being cleared: a few writes away
            }
            else if (stamp > second)
            {
                return false;
            }
            else if (Interlocked.CompareExchange(ref slots.Stamps[slot], ~second, stamp) == stamp)
            {
                Array.Clear(slots.Counts, slot * CounterStride, CounterStride);
                Array.Clear(slots.Sparse, slot * SparseBuckets, SparseBuckets);
                if (Volatile.Read(ref slots.Dense) is { } dense)
                {
                    Array.Clear(dense, slot * LatencyBuckets.Count, LatencyBuckets.Count);
                }

                Volatile.Write(ref slots.Stamps[slot], second);
                AdvanceNewest(second);
                return true;
            }

            stamp = Volatile.Read(ref slots.Stamps[slot]);
        }

        return true;
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

        counts[..CounterStride].Clear();
        latency[..LatencyBuckets.Count].Clear();
        AddSlot(slots, slot, counts, latency);
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
        SetLatency(slots, slot, latency[..LatencyBuckets.Count]);
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

        Span<long> counts = stackalloc long[CounterStride];
        Span<long> latency = stackalloc long[LatencyBuckets.Count];
        for (var slot = 0; slot < Seconds; slot++)
        {
            var stamp = Volatile.Read(ref slots.Stamps[slot]);
            if (stamp < from || stamp > now)
            {
                continue;
            }

            AddSlot<long>(slots, slot, counts, latency);
        }

        return new WindowStats(counts[..OutcomeKinds.Count], counts[ClientErrorCounter], latency);
    }

    // Sparse when the histogram fits the slot's entries, else dense (allocated then), the other form cleared.
    private static void SetLatency(Slots slots, int slot, ReadOnlySpan<int> latency)
    {
        var sparse = slots.Sparse.AsSpan(slot * SparseBuckets, SparseBuckets);
        sparse.Clear();
        var used = 0;
        var fits = true;
        for (var bucket = 0; bucket < latency.Length && fits; bucket++)
        {
            if (latency[bucket] == 0)
            {
                continue;
            }

            fits = used < SparseBuckets && latency[bucket] < CountMask;
            if (fits)
            {
                sparse[used++] = ((bucket + 1) << CountBits) | latency[bucket];
            }
        }

        if (fits)
        {
            slots.Dense?.AsSpan(slot * LatencyBuckets.Count, LatencyBuckets.Count).Clear();
            return;
        }

        sparse.Clear();
        latency.CopyTo(slots.DenseArray().AsSpan(slot * LatencyBuckets.Count, LatencyBuckets.Count));
    }

    // The slot's entry for the bucket, else the first free one; a bucket may end up in two entries
    // when a clear races a claim, which the snapshot's sum does not mind.
    private static void RecordLatency(Slots slots, int slot, int bucket)
    {
        var tag = (bucket + 1) << CountBits;
        var first = slot * SparseBuckets;
        for (var i = first; i < first + SparseBuckets; i++)
        {
            while (true)
            {
                var entry = Volatile.Read(ref slots.Sparse[i]);
                if (entry == 0)
                {
                    if (Interlocked.CompareExchange(ref slots.Sparse[i], tag | 1, 0) == 0)
                    {
                        return;
                    }

                    continue;
                }

                if ((entry & ~CountMask) != tag)
                {
                    break;
                }

                if ((entry & CountMask) == CountMask)
                {
                    Interlocked.Increment(ref slots.DenseArray()[(slot * LatencyBuckets.Count) + bucket]);
                    return;
                }

                if (Interlocked.CompareExchange(ref slots.Sparse[i], entry + 1, entry) == entry)
                {
                    return;
                }
            }
        }

        Interlocked.Increment(ref slots.DenseArray()[(slot * LatencyBuckets.Count) + bucket]);
    }

    /// <summary>
    /// Reads one second's slot: attempts the backend is accountable for, of which errors, and the
    /// latency histogram into <paramref name="latency"/> (<see cref="LatencyBuckets.Count"/> long).
    /// False (and nothing written) when the slot holds another second.
    /// </summary>
    public bool Read(long second, Span<long> latency, out long requests, out long errors)
    {
        requests = errors = 0;
        Span<int> counts = stackalloc int[CounterStride];
        Span<int> buckets = stackalloc int[LatencyBuckets.Count];
        if (second < 0 || !ReadSecond(second, counts, buckets))
        {
            return false;
        }

        for (var kind = 0; kind < OutcomeKinds.Count; kind++)
        {
            if ((OutcomeKind)kind == OutcomeKind.ClientAbort)
            {
                continue;
            }

            requests += counts[kind];
            errors += ((OutcomeKind)kind).IsBackendError() ? counts[kind] : 0;
        }

        for (var i = 0; i < LatencyBuckets.Count; i++)
        {
            latency[i] = buckets[i];
        }

        return true;
    }

    /// <summary>Adds one slot's counters and latency histogram (its sparse entries and, if allocated, its dense part).</summary>
    private static void AddSlot<T>(Slots slots, int slot, Span<T> counts, Span<T> latency)
        where T : struct, INumber<T>
    {
        for (var i = 0; i < CounterStride; i++)
        {
            counts[i] += T.CreateTruncating(Volatile.Read(ref slots.Counts[(slot * CounterStride) + i]));
        }

        for (var i = 0; i < SparseBuckets; i++)
        {
            var entry = Volatile.Read(ref slots.Sparse[(slot * SparseBuckets) + i]);
            if (entry != 0)
            {
                latency[(entry >> CountBits) - 1] += T.CreateTruncating(entry & CountMask);
            }
        }

        if (Volatile.Read(ref slots.Dense) is { } dense)
        {
            for (var i = 0; i < LatencyBuckets.Count; i++)
            {
                latency[i] += T.CreateTruncating(Volatile.Read(ref dense[(slot * LatencyBuckets.Count) + i]));
            }
        }
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
        private readonly int _seconds;

        public Slots(int seconds)
        {
            _seconds = seconds;
            Stamps = new long[seconds];
            Array.Fill(Stamps, Empty);
            Counts = new int[seconds * CounterStride];
            Sparse = new int[seconds * SparseBuckets];
        }

        public long[] Stamps { get; }

        public int[] Counts { get; }

        public int[] Sparse { get; }

        /// <summary>The dense histograms, once a second has spilled (null before).</summary>
        public int[]? Dense;

        public int[] DenseArray()
        {
            if (Volatile.Read(ref Dense) is { } dense)
            {
                return dense;
            }

            Interlocked.CompareExchange(ref Dense, new int[_seconds * LatencyBuckets.Count], null);
            return Dense!;
        }
    }
}
