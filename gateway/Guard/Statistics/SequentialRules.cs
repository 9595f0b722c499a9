using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// The anytime-valid rules of one feature at one step, built from its thresholds and an
/// <see cref="AlphaBudget"/>: warning and critical error rates and p95s (each a
/// <see cref="BernoulliRule"/>, the p95s on slow requests, see <see cref="SlowRequests"/>) and,
/// with a margin, the rule relative to v3 (<see cref="RelativeRule"/>). Immutable; the evidence is a
/// <see cref="SequentialEvidence"/> the caller keeps and feeds one completed second at a time.
/// </summary>
internal sealed class SequentialRules
{
    /// <param name="warning">The step's thresholds (revert to the previous step).</param>
    /// <param name="critical">The critical thresholds (revert to 0 %); each at least the warning one.</param>
    /// <param name="maxErrorIncreasePercentagePoints">δ of the relative rule in percentage points; null turns it off.</param>
    /// <param name="latencyMinRequests">v4 requests the latency evidence must hold before a p95 rule may act (the policy's min_requests).</param>
    public SequentialRules(Thresholds warning, Thresholds critical, double? maxErrorIncreasePercentagePoints, SharedFailurePolicy onSharedFailure, AlphaBudget budget, long latencyMinRequests = 0)
    {
        if (warning.MaxErrorPercent > critical.MaxErrorPercent || warning.MaxP95Ms > critical.MaxP95Ms)
        {
            throw new ArgumentException($"Warning thresholds ({warning.MaxErrorPercent} %, {warning.MaxP95Ms} ms) must not exceed the critical ones ({critical.MaxErrorPercent} %, {critical.MaxP95Ms} ms): the critical rules act only after a warning crossing.");
        }

        Warning = warning;
        Critical = critical;
        Budget = budget;
        LatencyMinRequests = latencyMinRequests;
        HoldOnSharedFailure = onSharedFailure == SharedFailurePolicy.Hold;
        var relativeOn = maxErrorIncreasePercentagePoints is not null;
        var errorAlpha = budget.FamilyAlpha(budget.ErrorShare, relativeOn);
        var latencyAlpha = budget.FamilyAlpha(budget.LatencyShare, relativeOn);
        WarningErrors = ErrorRule(warning.MaxErrorPercent, errorAlpha, budget);
        CriticalErrors = ErrorRule(critical.MaxErrorPercent, errorAlpha, budget);
        WarningSlow = new BernoulliRule(SlowRequests.NullShare, budget.Cumulative(latencyAlpha), budget.Detector(latencyAlpha));
        CriticalSlow = WarningSlow;
        WarningSlowBucket = SlowRequests.FirstSlowBucket(warning.MaxP95Ms);
        CriticalSlowBucket = SlowRequests.FirstSlowBucket(critical.MaxP95Ms);
        if (maxErrorIncreasePercentagePoints is { } margin)
        {
            var relativeAlpha = budget.FamilyAlpha(budget.RelativeShare, relativeOn);
            Relative = new RelativeRule(margin / 100, budget.Cumulative(relativeAlpha), budget.Detector(relativeAlpha));
        }
    }

    public Thresholds Warning { get; }

    public Thresholds Critical { get; }

    public AlphaBudget Budget { get; }

    /// <summary>
    /// A p95 rule acts only once its v4 evidence holds this many requests. Latencies of requests close
    /// in time move together (a cold start, the host starving the process, a pause): a handful of
    /// requests in one moment are one observation, not many independent ones, and a p95 of a few
    /// requests is their maximum. Error rules act at once (a failing v4 is caught in seconds at any traffic).
    /// Acting on fewer occasions only lowers the false-revert probability.
    /// </summary>
    public long LatencyMinRequests { get; }

    /// <summary>When v3 crosses the same rule over the same seconds, hold instead of reverting.</summary>
    public bool HoldOnSharedFailure { get; }

    /// <summary>Null when the threshold is 100 % (never breached).</summary>
    public BernoulliRule? WarningErrors { get; }

    public BernoulliRule? CriticalErrors { get; }

    /// <summary>The slow-request rule (p0 = 5 %); warning and critical p95 share it and differ in which requests are slow.</summary>
    public BernoulliRule WarningSlow { get; }

    public BernoulliRule CriticalSlow { get; }

    public int WarningSlowBucket { get; }

    public int CriticalSlowBucket { get; }

    public RelativeRule? Relative { get; }

    private static BernoulliRule? ErrorRule(double maxErrorPercent, double alpha, AlphaBudget budget) =>
        maxErrorPercent >= 100 ? null : new BernoulliRule(maxErrorPercent / 100, budget.Cumulative(alpha), budget.Detector(alpha));
}
