using Strangler.Bucketing;
using Strangler.Gateway.Events;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Reporting;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Tests.Reporting;

public sealed class RecommenderTests
{
    private static readonly RecommendationInput Healthy = new(
        RolloutStage.Partial, Percentage.FromPercent(10), RuntimeMode.File, false, "file", "as configured in rollout.json",
        GuardState.Healthy, "within thresholds", TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(10), 500, 50,
        null, [], null, Percentage.FromPercent(25));

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "healthy", Recommendation.Advance, "next step 25 %" },
        { "reverted", Recommendation.Investigate, "warning-error-rate" },
        { "reverted-no-event", Recommendation.Investigate, "reverted to 5 % by the guard: error rate too high" },
        { "rolled-back", Recommendation.Investigate, "rolled back by carol: incident" },
        { "parity-failing", Recommendation.Investigate, "/items/*/price" },
        { "inconclusive", Recommendation.Investigate, "inconclusive" },
        { "disabled", Recommendation.Hold, "stage disabled" },
        { "full", Recommendation.Hold, "v4 serves everyone" },
        { "paused", Recommendation.Hold, "paused by dave" },
        { "at-max", Recommendation.Hold, "at max_percentage" },
        { "few-requests", Recommendation.Hold, "12 of min_requests 50" },
        { "insufficient", Recommendation.Hold, "insufficient_data" },
        { "interval", Recommendation.Hold, "4m 0s of 10m 0s" },
        { "parity-collecting", Recommendation.Hold, "parity still collecting" },
        { "parity-holds", Recommendation.Advance, "parity holds" },
        { "forced", Recommendation.Advance, "auto-advance waits" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_situation_gets_its_recommendation_with_the_reason(string situation, string action, string reasonContains)
    {
        var recommendation = Recommender.Recommend(Situation(situation));

        Assert.Equal(action, recommendation.Action);
        Assert.Contains(reasonContains, recommendation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revert_names_its_rule_and_evidence()
    {
        var reason = Recommender.Recommend(Situation("reverted")).Reason;

        Assert.Contains("observed 6.5 against threshold 3 (bound 4.2)", reason, StringComparison.Ordinal);
        Assert.Contains("v4 400 requests, 26 errors", reason, StringComparison.Ordinal);
        Assert.Contains("gateway resume", reason, StringComparison.Ordinal);
    }

    private static RecommendationInput Situation(string name) => name switch
    {
        "healthy" => Healthy,
        "reverted" => Healthy with { Mode = RuntimeMode.Reverted, Percentage = Percentage.FromPercent(5), Guard = GuardState.InsufficientData, LastRevert = Revert() },
        "reverted-no-event" => Healthy with { Mode = RuntimeMode.Reverted, Percentage = Percentage.FromPercent(5), StateReason = "error rate too high" },
        "rolled-back" => Healthy with { Mode = RuntimeMode.RolledBack, Stage = RolloutStage.Disabled, Actor = "carol", StateReason = "incident" },
        "parity-failing" => Healthy with { Parity = new Parity(ParityState.Failing, 9, 12, "diff rate 9 % is above max_diff_percent 1 %"), DiffPaths = ["/items/*/price"] },
        "inconclusive" => Healthy with { Guard = GuardState.Inconclusive },
        "disabled" => Healthy with { Stage = RolloutStage.Disabled },
        "full" => Healthy with { Stage = RolloutStage.Full, Percentage = Percentage.Hundred },
        "paused" => Healthy with { Paused = true, Actor = "dave", StateReason = "waiting for the release" },
        "at-max" => Healthy with { NextStep = null },
        "few-requests" => Healthy with { V4Requests = 12 },
        "insufficient" => Healthy with { Guard = GuardState.InsufficientData },
        "interval" => Healthy with { InForce = TimeSpan.FromMinutes(4) },
        "parity-collecting" => Healthy with { Parity = new Parity(ParityState.Collecting, null, null, "3 of 100 comparisons") },
        "parity-holds" => Healthy with { Parity = new Parity(ParityState.Holds, 0, 0.5, "diff rate 0 % is below max_diff_percent 1 %") },
        "forced" => Healthy with { Mode = RuntimeMode.Forced },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static RolloutEvent Revert() => new(
        7, DateTimeOffset.UnixEpoch, "api_v4_restaurants", EventKinds.Revert, 10, 5, "warning error rate", "guard",
        new GuardEvidence("warning-error-rate", 6.5, 4.2, 3, new WindowSummary(400, 26, 6.5, 1, 2, 3), new WindowSummary(3600, 0, 0, 1, 2, 3), new ThresholdSummary(3, 500, 10, 2000)));
}
