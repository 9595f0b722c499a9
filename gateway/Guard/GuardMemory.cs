using Strangler.Gateway.Guard.Statistics;

namespace Strangler.Gateway.Guard;

/// <summary>
/// What the guard carries from one evaluation to the next for a feature: the sequential evidence
/// since the evidence start (the last percentage change) and whether the ongoing shared failure was
/// already recorded. A plain value: <c>default</c> is a fresh start.
/// </summary>
internal struct GuardMemory
{
    private SequentialEvidence _evidence;

    public static GuardMemory Fresh => default;

    public readonly SequentialEvidence Evidence => _evidence;

    /// <summary>An inconclusive verdict was already recorded for the ongoing shared failure.</summary>
    public bool InInconclusiveEpisode { get; private set; }

    /// <summary>
    /// Adds one observation (a completed second, with what arrived late for earlier seconds) and
    /// decides: the guard's whole judgement, O(1) and allocation-free, shared by the guard service
    /// and <c>gateway simulate</c>. <paramref name="firstOfEpisode"/> says whether an inconclusive
    /// decision starts a new shared-failure episode.
    /// </summary>
    public SequentialDecision Observe(SequentialRules rules, in GuardSecond second, out bool firstOfEpisode)
    {
        var decision = _evidence.Observe(rules, second.V4, second.V4Latency, second.V3, second.V3Latency);
        var inconclusive = decision.Action == SequentialAction.Inconclusive;
        firstOfEpisode = inconclusive && !InInconclusiveEpisode;
        InInconclusiveEpisode = inconclusive;
        return decision;
    }

    /// <summary>
    /// Starts the evidence again after a percentage change. <paramref name="keepCritical"/> keeps the
    /// critical rules' evidence (after the guard's own revert to the previous step).
    /// </summary>
    public void Reset(bool keepCritical)
    {
        _evidence.Reset(keepCritical);
        InInconclusiveEpisode = false;
    }
}
