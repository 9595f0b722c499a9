namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// One feature's evidence for its <see cref="SequentialRules"/>: per rule for v4 and for v3 (the
/// same rules on v3's counts over the same seconds, for the shared-cause judgement), the relative
/// rule's, and whether each critical rule's gate is open. A plain value: <c>default</c> is a fresh
/// start, a copy is a snapshot. <see cref="Observe"/> takes one completed second.
/// <para>
/// Decision, each second: a critical rule acts (to 0 %) if it crossed and its family's warning rule
/// has crossed since the critical evidence began; otherwise a warning rule or the relative rule acts
/// (to the previous step). An absolute rule v3 has crossed too is a shared cause and does not act
/// (inconclusive), unless the policy says revert, or, for error rates, the relative rule has crossed
/// as well (v4 is worse than v3 by more than the margin: not merely sharing v3's failure). A p95 rule
/// acts only once its evidence holds <see cref="SequentialRules.LatencyMinRequests"/> v4 requests. A rule that
/// crossed keeps acting every second while its statistic stays beyond its threshold; the guarantees
/// bound the probability that any statistic ever gets there.
/// </para>
/// </summary>
internal struct SequentialEvidence
{
    private BernoulliEvidence _v4WarningErrors;
    private BernoulliEvidence _v4CriticalErrors;
    private BernoulliEvidence _v4WarningSlow;
    private BernoulliEvidence _v4CriticalSlow;
    private BernoulliEvidence _v3WarningErrors;
    private BernoulliEvidence _v3CriticalErrors;
    private BernoulliEvidence _v3WarningSlow;
    private BernoulliEvidence _v3CriticalSlow;
    private RelativeEvidence _relative;

    /// <summary>The warning error rule has crossed since the critical error evidence began.</summary>
    public bool ErrorGateOpen { get; private set; }

    /// <summary>The warning p95 rule has crossed since the critical p95 evidence began.</summary>
    public bool LatencyGateOpen { get; private set; }

    public readonly RelativeEvidence Relative => _relative;

    /// <summary>A rule's evidence for v4 (or v3) and its rule, for readings; null rule when the rule is off.</summary>
    public readonly (BernoulliRule? Rule, BernoulliEvidence Evidence) For(SequentialRules rules, GuardRule rule, bool v3 = false) => rule switch
    {
        GuardRule.WarningErrorRate => (rules.WarningErrors, v3 ? _v3WarningErrors : _v4WarningErrors),
        GuardRule.CriticalErrorRate => (rules.CriticalErrors, v3 ? _v3CriticalErrors : _v4CriticalErrors),
        GuardRule.WarningP95 => (rules.WarningSlow, v3 ? _v3WarningSlow : _v4WarningSlow),
        GuardRule.CriticalP95 => (rules.CriticalSlow, v3 ? _v3CriticalSlow : _v4CriticalSlow),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "The relative rule has no per-backend evidence."),
    };

    /// <summary>
    /// Starts the evidence again, as on a percentage change. <paramref name="keepCritical"/> keeps the
    /// critical rules' evidence and gates (for a revert to the previous step: the critical rules test
    /// the same thresholds on the same v4, and the revert to 0 % they may call for is still right).
    /// </summary>
    public void Reset(bool keepCritical)
    {
        if (!keepCritical)
        {
            this = default;
            return;
        }

        this = new SequentialEvidence
        {
            _v4CriticalErrors = _v4CriticalErrors,
            _v4CriticalSlow = _v4CriticalSlow,
            _v3CriticalErrors = _v3CriticalErrors,
            _v3CriticalSlow = _v3CriticalSlow,
            ErrorGateOpen = ErrorGateOpen,
            LatencyGateOpen = LatencyGateOpen,
        };
    }

    /// <summary>
    /// Adds one completed second of v4's and v3's counts and latency histograms (in
    /// <see cref="Outcomes.LatencyBuckets"/>; an empty span counts nothing slow) and decides. O(1), no allocation.
    /// </summary>
    public SequentialDecision Observe(SequentialRules rules, SecondCounts v4, ReadOnlySpan<long> v4Latency, SecondCounts v3, ReadOnlySpan<long> v3Latency)
    {
        var v4Crossed = ObserveBackend(rules, v4, v4Latency, ref _v4WarningErrors, ref _v4CriticalErrors, ref _v4WarningSlow, ref _v4CriticalSlow);
        if (rules.HoldOnSharedFailure)
        {
            UpdateBackend(rules, v3, v3Latency, ref _v3WarningErrors, ref _v3CriticalErrors, ref _v3WarningSlow, ref _v3CriticalSlow);
        }

        // v3's thresholds matter only for a rule v4 has crossed: checked then.
        var v3Crossed = rules.HoldOnSharedFailure && v4Crossed != default
            ? new BackendCrossings(
                v4Crossed.WarningErrors == Crossing.None ? Crossing.None : rules.WarningErrors!.Check(ref _v3WarningErrors),
                v4Crossed.CriticalErrors == Crossing.None ? Crossing.None : rules.CriticalErrors!.Check(ref _v3CriticalErrors),
                v4Crossed.WarningSlow == Crossing.None ? Crossing.None : rules.WarningSlow.Check(ref _v3WarningSlow),
                v4Crossed.CriticalSlow == Crossing.None ? Crossing.None : rules.CriticalSlow.Check(ref _v3CriticalSlow))
            : default;
        var relative = rules.Relative?.Observe(ref _relative, v4.Errors, v4.Requests, v3.Errors, v3.Requests) ?? Crossing.None;

        ErrorGateOpen |= v4Crossed.WarningErrors != Crossing.None;
        LatencyGateOpen |= v4Crossed.WarningSlow != Crossing.None;

        var relativeCrossed = relative != Crossing.None;
        var sharedErrors = rules.HoldOnSharedFailure && !relativeCrossed;
        var sharedLatency = rules.HoldOnSharedFailure;
        SequentialDecision? inconclusive = null;

        SequentialDecision? Act(GuardRule rule, Crossing v4Crossing, Crossing v3Crossing, bool shareable, bool gateOpen, SequentialAction action)
        {
            if (v4Crossing == Crossing.None || !gateOpen)
            {
                return null;
            }

            if (shareable && v3Crossing != Crossing.None)
            {
                inconclusive ??= new SequentialDecision(SequentialAction.Inconclusive, rule, v4Crossing);
                return null;
            }

            return new SequentialDecision(action, rule, v4Crossing);
        }

        var criticalLatencyReady = _v4CriticalSlow.Trials >= rules.LatencyMinRequests;
        var warningLatencyReady = _v4WarningSlow.Trials >= rules.LatencyMinRequests;
        return Act(GuardRule.CriticalErrorRate, v4Crossed.CriticalErrors, v3Crossed.CriticalErrors, sharedErrors, ErrorGateOpen, SequentialAction.RevertToZero)
            ?? Act(GuardRule.CriticalP95, v4Crossed.CriticalSlow, v3Crossed.CriticalSlow, sharedLatency, LatencyGateOpen && criticalLatencyReady, SequentialAction.RevertToZero)
            ?? Act(GuardRule.WarningErrorRate, v4Crossed.WarningErrors, v3Crossed.WarningErrors, sharedErrors, true, SequentialAction.RevertToPreviousStep)
            ?? Act(GuardRule.RelativeErrorRate, relative, Crossing.None, false, true, SequentialAction.RevertToPreviousStep)
            ?? Act(GuardRule.WarningP95, v4Crossed.WarningSlow, v3Crossed.WarningSlow, sharedLatency, warningLatencyReady, SequentialAction.RevertToPreviousStep)
            ?? inconclusive
            ?? SequentialDecision.None;
    }

    private static BackendCrossings ObserveBackend(
        SequentialRules rules,
        SecondCounts counts,
        ReadOnlySpan<long> latency,
        ref BernoulliEvidence warningErrors,
        ref BernoulliEvidence criticalErrors,
        ref BernoulliEvidence warningSlow,
        ref BernoulliEvidence criticalSlow)
    {
        if (counts.Requests == 0)
        {
            return new BackendCrossings(warningErrors.Crossed, criticalErrors.Crossed, warningSlow.Crossed, criticalSlow.Crossed);
        }

        var (warningSlowCount, criticalSlowCount) = SlowCounts(rules, latency);
        return new BackendCrossings(
            rules.WarningErrors?.Observe(ref warningErrors, counts.Errors, counts.Requests) ?? Crossing.None,
            rules.CriticalErrors?.Observe(ref criticalErrors, counts.Errors, counts.Requests) ?? Crossing.None,
            rules.WarningSlow.Observe(ref warningSlow, warningSlowCount, counts.Requests),
            rules.CriticalSlow.Observe(ref criticalSlow, criticalSlowCount, counts.Requests));
    }

    private static void UpdateBackend(
        SequentialRules rules,
        SecondCounts counts,
        ReadOnlySpan<long> latency,
        ref BernoulliEvidence warningErrors,
        ref BernoulliEvidence criticalErrors,
        ref BernoulliEvidence warningSlow,
        ref BernoulliEvidence criticalSlow)
    {
        if (counts.Requests == 0)
        {
            return;
        }

        var (warningSlowCount, criticalSlowCount) = SlowCounts(rules, latency);
        rules.WarningErrors?.Update(ref warningErrors, counts.Errors, counts.Requests);
        rules.CriticalErrors?.Update(ref criticalErrors, counts.Errors, counts.Requests);
        rules.WarningSlow.Update(ref warningSlow, warningSlowCount, counts.Requests);
        rules.CriticalSlow.Update(ref criticalSlow, criticalSlowCount, counts.Requests);
    }

    private static (long Warning, long Critical) SlowCounts(SequentialRules rules, ReadOnlySpan<long> latency)
    {
        var critical = SlowRequests.Count(latency, rules.CriticalSlowBucket);
        var warning = critical + SlowRequests.Count(latency[..Math.Min(latency.Length, rules.CriticalSlowBucket)], rules.WarningSlowBucket);
        return (warning, critical);
    }

    private readonly record struct BackendCrossings(Crossing WarningErrors, Crossing CriticalErrors, Crossing WarningSlow, Crossing CriticalSlow);
}
