using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Reporting;

/// <summary>
/// Cumulative outcomes of one feature's step (one effective stage and percentage), per backend:
/// attempts the backend is accountable for, errors and a latency histogram in
/// <see cref="LatencyBuckets"/>. Lives on the feature's view for as long as the step is in force,
/// so a request counts in the step it was routed under; the runtime reads it when the step ends.
/// Recording is lock-free (Interlocked increments into arrays allocated up front).
/// </summary>
internal sealed class StepTally
{
    private readonly Backend _v3 = new();
    private readonly Backend _v4 = new();

    /// <param name="startedAt">When the step came into force (the state's change), or when this process first saw it.</param>
    public StepTally(DateTimeOffset startedAt) => StartedAt = startedAt;

    public DateTimeOffset StartedAt { get; }

    /// <summary>Whether two states are the same step: the same effective stage and percentage (a pause or a force to the same share is not a new step).</summary>
    public static bool SameStep(State.FeatureRuntimeState a, State.FeatureRuntimeState b) => a.Stage == b.Stage && a.Percentage == b.Percentage;

    public void Record(bool v4, OutcomeKind kind, long latencyMicroseconds)
    {
        if (kind == OutcomeKind.ClientAbort)
        {
            return; // not the backend's doing, as in the guard's windows
        }

        (v4 ? _v4 : _v3).Record(kind.IsBackendError(), LatencyBuckets.Index(latencyMicroseconds));
    }

    /// <summary>The figures so far.</summary>
    public (BackendFigures V3, BackendFigures V4) Read() => (_v3.Read(), _v4.Read());

    private sealed class Backend
    {
        private readonly long[] _latency = new long[LatencyBuckets.Count];
        private long _requests;
        private long _errors;

        public void Record(bool error, int bucket)
        {
            Interlocked.Increment(ref _requests);
            if (error)
            {
                Interlocked.Increment(ref _errors);
            }

            Interlocked.Increment(ref _latency[bucket]);
        }

        public BackendFigures Read()
        {
            var latency = new long[LatencyBuckets.Count];
            for (var i = 0; i < latency.Length; i++)
            {
                latency[i] = Volatile.Read(ref _latency[i]);
            }

            var requests = Volatile.Read(ref _requests);
            return BackendFigures.From(requests, Math.Min(Volatile.Read(ref _errors), requests), latency);
        }
    }
}
