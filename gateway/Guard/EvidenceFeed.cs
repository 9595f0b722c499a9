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

    private sealed class Backend(int seconds)
    {
        private readonly long[] _stamps = NewStamps(seconds);
        private readonly long[] _requests = new long[seconds];
        private readonly long[] _errors = new long[seconds];
        private readonly long[] _fedLatency = new long[seconds * LatencyBuckets.Count];
        private readonly long[] _read = new long[LatencyBuckets.Count];

        /// <summary>The latest observation's histogram (overwritten by the next).</summary>
        public long[] Latency { get; } = new long[LatencyBuckets.Count];

        public SecondCounts Next(OutcomeWindow window, long from, long through)
        {
            Array.Clear(Latency);
            long requests = 0, errors = 0;
            for (var second = from; second <= through; second++)
            {
                if (!window.Read(second, _read, out var r, out var e))
                {
                    continue;
                }

                var slot = (int)(second % _stamps.Length);
                if (_stamps[slot] != second)
                {
                    _stamps[slot] = second;
                    _requests[slot] = _errors[slot] = 0;
                    Array.Clear(_fedLatency, slot * LatencyBuckets.Count, LatencyBuckets.Count);
                }

                // A racing slot reuse can make a count shrink: never feed a negative delta.
                var newRequests = Math.Max(0, r - _requests[slot]);
                var newErrors = Math.Clamp(e - _errors[slot], 0, newRequests);
                requests += newRequests;
                errors += newErrors;
                _requests[slot] = Math.Max(r, _requests[slot]);
                _errors[slot] = Math.Max(e, _errors[slot]);
                var fed = _fedLatency.AsSpan(slot * LatencyBuckets.Count, LatencyBuckets.Count);
                for (var i = 0; i < LatencyBuckets.Count; i++)
                {
                    Latency[i] += Math.Max(0, _read[i] - fed[i]);
                    fed[i] = Math.Max(fed[i], _read[i]);
                }
            }

            return new SecondCounts(requests, errors);
        }

        public void Reset() => Array.Fill(_stamps, long.MinValue);

        private static long[] NewStamps(int seconds)
        {
            var stamps = new long[seconds];
            Array.Fill(stamps, long.MinValue);
            return stamps;
        }
    }
}
