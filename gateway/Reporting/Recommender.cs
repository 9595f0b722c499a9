using System.Globalization;
using Strangler.Bucketing;
using Strangler.Gateway.Events;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Reporting;

/// <summary>
/// The report's recommendation as a pure function: investigate what went wrong first (a revert
/// that holds, a rollback, failing parity, a verdict that v4 and v3 fail alike), then hold while
/// the evidence is not there (stage not judged, paused, too few v4 requests, no healthy verdict,
/// step interval not passed, parity still collecting, nothing left to advance to), else advance.
/// </summary>
internal static class Recommender
{
    public static Recommendation Recommend(RecommendationInput input) => Investigate(input) ?? Hold(input) ?? Advance(input);

    private static Recommendation? Investigate(RecommendationInput i)
    {
        if (i.Mode == RuntimeMode.Reverted)
        {
            return new Recommendation(Recommendation.Investigate, RevertReason(i));
        }

        if (i.Mode == RuntimeMode.RolledBack)
        {
            return new Recommendation(Recommendation.Investigate, $"rolled back by {i.Actor}: {i.StateReason}; resume the feature once the incident is over");
        }

        if (i.Parity is { State: ParityState.Failing } failing)
        {
            var paths = i.DiffPaths.Count > 0 ? $"; differing paths: {string.Join(", ", i.DiffPaths)}" : string.Empty;
            return new Recommendation(Recommendation.Investigate, $"shadow parity failing: {failing.Reason}{paths}; see `gateway diffs`");
        }

        return i.Guard switch
        {
            GuardState.Inconclusive => new Recommendation(Recommendation.Investigate, $"inconclusive: v4 breaches but v3 fails as badly over the same window (a shared cause): {i.GuardDetail}"),
            GuardState.Tripped => new Recommendation(Recommendation.Investigate, $"the guard tripped: {i.GuardDetail}"),
            _ => null,
        };
    }

    private static Recommendation? Hold(RecommendationInput i)
    {
        if (i.Stage is not (RolloutStage.Partial or RolloutStage.Full))
        {
            return Held($"stage {i.Stage.ToName()}: the guard does not judge it, so there is no evidence to advance on");
        }

        if (i.Stage == RolloutStage.Full || i.Percentage == Percentage.Hundred)
        {
            return Held("v4 serves everyone in this stage; set stage complete in rollout.json once v3 can be retired");
        }

        if (i.Paused)
        {
            return Held($"paused by {i.Actor}: {i.StateReason}; resume to let it advance");
        }

        if (i.NextStep is null)
        {
            return Held(Invariant($"at max_percentage {i.Percentage} %; raise max_percentage in rollout.json to go further"));
        }

        if (i.V4Requests < i.MinRequests)
        {
            return Held(Invariant($"not enough evidence yet: {i.V4Requests} of min_requests {i.MinRequests} v4 requests in this step"));
        }

        if (i.Guard != GuardState.Healthy)
        {
            return Held($"not enough evidence yet: the guard says {i.Guard?.ToName() ?? "nothing yet"}{(i.GuardDetail is { } d ? $" ({d})" : string.Empty)}");
        }

        if (i.InForce < i.StepInterval)
        {
            return Held($"healthy, but the step interval has not passed: {Durations.Format(i.InForce)} of {Durations.Format(i.StepInterval)}");
        }

        if (i.Parity is { State: ParityState.Collecting } collecting)
        {
            return Held($"shadow parity still collecting: {collecting.Reason}");
        }

        return null;
    }

    private static Recommendation Advance(RecommendationInput i)
    {
        var parity = i.Parity is { } p ? $"parity {p.State.ToName()} ({p.Reason})" : "no shadow parity configured";
        var how = i.Mode == RuntimeMode.Forced
            ? $"; the feature is forced, so auto-advance waits: resume it or `gateway force` it to {i.NextStep} %"
            : string.Empty;
        return new Recommendation(
            Recommendation.Advance,
            Invariant($"healthy for {Durations.Format(i.InForce)} (step interval {Durations.Format(i.StepInterval)}), {i.V4Requests} v4 requests (min_requests {i.MinRequests}), {parity}; next step {i.NextStep} %{how}"));
    }

    private static string RevertReason(RecommendationInput i)
    {
        var rule = i.LastRevert?.Evidence?.Rule ?? "the guard";
        var text = Invariant($"reverted to {i.Percentage} % by {rule}");
        if (i.LastRevert is { Evidence: { } e } revert)
        {
            text += Invariant($" at {revert.At:yyyy-MM-dd HH:mm:ss}Z from {revert.From} %: observed {e.Observed:0.###} against threshold {e.Threshold:0.###} (bound {e.Bound:0.###}); v4 {e.V4.Requests} requests, {e.V4.Errors} errors ({e.V4.ErrorPercent:0.##} %), p95 {e.V4.P95Ms:0.###} ms; v3 {e.V3.Requests} requests, {e.V3.ErrorPercent:0.##} % errors, p95 {e.V3.P95Ms:0.###} ms");
        }
        else
        {
            text += $": {i.StateReason}";
        }

        return text + "; fix v4, then `gateway resume` the feature";
    }

    private static Recommendation Held(string reason) => new(Recommendation.Hold, reason);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
