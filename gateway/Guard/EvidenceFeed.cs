using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Guard;

/// <summary>
/// Turns a feature's outcome windows into the guard's observations: each evaluation, what the
/// completed seconds since the evidence start hold beyond what was already fed. An outcome counts
/// in the second its attempt started, so a slow request completes into a second that was fed
/// already; it is fed at the next evaluation, while its second is still in the window. Not thread-safe:
/// one per feature, used by the guard's one loop.
/// </summary>
internal sealed class EvidenceFeed(int seconds)
{
    private readonly Backend _v4 = new(seconds);

    public int Seconds { get; } = seconds;
    private readonly Backend _v3 = new(seconds);

    /// <summary>Everything new in the completed seconds from <paramref name="since"/> through <paramref name="through"/>.</summary>
    public GuardSecond Next(FeatureWindows? windows, long since, long through)
    {
        if (windows is null)
        {
            return GuardSecond.Empty;
        }

        var from = Math.Max(since, through - windows.Seconds + 2); // the current second's slot is the oldest one's too
        var v4 = _v4.Next(windows.V4, from, through);
        var v3 = _v3.Next(windows.V3, from, through);
        return new GuardSecond(v4, _v4.Latency, v3, _v3.Latency);
    }

    /// <summary>Forgets what was fed (the evidence starts again).</summary>
    public void Reset()
    {
        _v4.Reset();
        _v3.Reset();
    }

    /// <summary>
    /// What was fed from one backend's window, per second of the window: the counts, and the
    /// histogram kept like the window's own, as up to <see cref="OutcomeWindow.SparseBuckets"/>
    /// (bucket, count) entries and a dense histogram only for a second that spreads wider. Allocated
    /// at the backend's first outcome: a rollout of 1,000 features kept 100 MB of dense copies,
    /// mostly of empty seconds. A second whose counts did not move since it was fed is skipped.
    /// </summary>
    private sealed class Backend(int seconds)
    {
        private const int Sparse = OutcomeWindow.SparseBuckets;
        private const int CountBits = 24;
        private const int CountMask = (1 << CountBits) - 1;

        private long[]? _stamps;
        private long[] _requests = [];
        private long[] _errors = [];
        private long[] _latencyTotal = [];
        private int[] _sparse = []; // (bucket + 1) << 24 | count; 0 is free
        private int[]? _dense; // per second, when its histogram did not fit the sparse entries
        private bool[] _isDense = [];

        /// <summary>The latest observation's histogram (overwritten by the next).</summary>
        public long[] Latency { get; } = new long[LatencyBuckets.Count];

        public SecondCounts Next(OutcomeWindow window, long from, long through)
        {
            Array.Clear(Latency);
            long requests = 0, errors = 0;
            Span<long> read = stackalloc long[LatencyBuckets.Count];
            Span<long> fed = stackalloc long[LatencyBuckets.Count];
            for (var second = from; second <= through; second++)
            {
                if (!window.Read(second, read, out var r, out var e))
                {
                    continue;
                }

                var stamps = _stamps ?? Allocate();
                var slot = (int)(second % stamps.Length);
                if (stamps[slot] != second)
                {
                    stamps[slot] = second;
                    _requests[slot] = _errors[slot] = _latencyTotal[slot] = 0;
                    _sparse.AsSpan(slot * Sparse, Sparse).Clear();
                    _isDense[slot] = false;
                }

                // The histogram's total too: a count is incremented before its latency bucket.
                var total = Sum(read);
                if (r == _requests[slot] && e == _errors[slot] && total == _latencyTotal[slot])
                {
                    continue; // nothing arrived since it was fed
                }

                _latencyTotal[slot] = total;

                // A racing slot reuse can make a count shrink: never feed a negative delta.
                var newRequests = Math.Max(0, r - _requests[slot]);
                var newErrors = Math.Clamp(e - _errors[slot], 0, newRequests);
                requests += newRequests;
                errors += newErrors;
                _requests[slot] = Math.Max(r, _requests[slot]);
                _errors[slot] = Math.Max(e, _errors[slot]);
                ReadFed(slot, fed);
                for (var i = 0; i < LatencyBuckets.Count; i++)
                {
                    Latency[i] += Math.Max(0, read[i] - fed[i]);
                    fed[i] = Math.Max(fed[i], read[i]);
                }

                WriteFed(slot, fed);
            }

            return new SecondCounts(requests, errors);
        }

        public void Reset()
        {
            if (_stamps is not null)
            {
                Array.Fill(_stamps, long.MinValue);
            }
        }

        private static long Sum(ReadOnlySpan<long> values)
        {
            var sum = 0L;
            foreach (var v in values)
            {
                sum += v;
            }

            return sum;
        }

        private long[] Allocate()
        {
            _latencyTotal = new long[seconds];
            _requests = new long[seconds];
            _errors = new long[seconds];
            _sparse = new int[seconds * Sparse];
            _isDense = new bool[seconds];
            _stamps = new long[seconds];
            Array.Fill(_stamps, long.MinValue);
            return _stamps;
        }

        private void ReadFed(int slot, Span<long> fed)
        {
            fed.Clear();
            if (_isDense[slot])
            {
                var dense = _dense.AsSpan(slot * LatencyBuckets.Count, LatencyBuckets.Count);
                for (var i = 0; i < dense.Length; i++)
                {
                    fed[i] = dense[i];
                }

                return;
            }

            foreach (var entry in _sparse.AsSpan(slot * Sparse, Sparse))
            {
                if (entry != 0)
                {
                    fed[(entry >> CountBits) - 1] = entry & CountMask;
                }
            }
        }

        private void WriteFed(int slot, ReadOnlySpan<long> fed)
        {
            var sparse = _sparse.AsSpan(slot * Sparse, Sparse);
            sparse.Clear();
            var used = 0;
            for (var bucket = 0; bucket < fed.Length; bucket++)
            {
                if (fed[bucket] == 0)
                {
                    continue;
                }

                if (used == Sparse || fed[bucket] >= CountMask)
                {
                    sparse.Clear();
                    _dense ??= new int[seconds * LatencyBuckets.Count];
                    var dense = _dense.AsSpan(slot * LatencyBuckets.Count, LatencyBuckets.Count);
                    for (var i = 0; i < fed.Length; i++)
                    {
                        dense[i] = (int)Math.Min(fed[i], int.MaxValue);
                    }

                    _isDense[slot] = true;
                    return;
                }

                sparse[used++] = ((bucket + 1) << CountBits) | (int)fed[bucket];
            }

            _isDense[slot] = false;
        }
    }
}
