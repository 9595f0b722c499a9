using System.Collections.Frozen;

namespace Strangler.Bucketing.Tests;

public sealed class RolloutEvaluatorTests
{
    private const string Tester = "tester";
    private const string Opted = "opted-out";

    // "in" has bucket 8771 in cohort strangler ("1"), so it is inside 90 % and outside 50 %.
    private const string Regular = "1";

    public static TheoryData<RolloutStage, string?, bool, DecisionReason> Matrix => new()
    {
        { RolloutStage.Disabled, Tester, false, DecisionReason.StageDisabled },
        { RolloutStage.Disabled, Opted, false, DecisionReason.StageDisabled },
        { RolloutStage.Disabled, Regular, false, DecisionReason.StageDisabled },
        { RolloutStage.Disabled, null, false, DecisionReason.StageDisabled },
        { RolloutStage.Testing, Tester, true, DecisionReason.TestingAlwaysV4 },
        { RolloutStage.Testing, Opted, false, DecisionReason.NeverV4 },
        { RolloutStage.Testing, Regular, false, DecisionReason.TestingNotListed },
        { RolloutStage.Testing, null, false, DecisionReason.Anonymous },
        { RolloutStage.Partial, Tester, true, DecisionReason.AlwaysV4 },
        { RolloutStage.Partial, Opted, false, DecisionReason.NeverV4 },
        { RolloutStage.Partial, null, false, DecisionReason.Anonymous },
        { RolloutStage.Full, Tester, true, DecisionReason.AlwaysV4 },
        { RolloutStage.Full, Opted, false, DecisionReason.NeverV4 },
        { RolloutStage.Full, Regular, true, DecisionReason.StageFull },
        { RolloutStage.Full, null, true, DecisionReason.StageFull },
        { RolloutStage.Complete, Tester, true, DecisionReason.StageComplete },
        { RolloutStage.Complete, Opted, true, DecisionReason.StageComplete },
        { RolloutStage.Complete, Regular, true, DecisionReason.StageComplete },
        { RolloutStage.Complete, null, true, DecisionReason.StageComplete },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Stage_and_override_matrix(RolloutStage stage, string? user, bool v4, DecisionReason reason)
    {
        var decision = RolloutEvaluator.Evaluate(Rule(stage, 50), user);
        Assert.Equal(v4, decision.UseV4);
        Assert.Equal(reason, decision.Reason);
    }

    [Theory]
    [InlineData(90, true, DecisionReason.BucketIn)]
    [InlineData(87.72, true, DecisionReason.BucketIn)]
    [InlineData(87.71, false, DecisionReason.BucketOut)]
    [InlineData(50, false, DecisionReason.BucketOut)]
    [InlineData(0, false, DecisionReason.BucketOut)]
    [InlineData(100, true, DecisionReason.BucketIn)]
    public void Partial_stage_compares_the_bucket_with_the_percentage(double percent, bool v4, DecisionReason reason)
    {
        var decision = RolloutEvaluator.Evaluate(Rule(RolloutStage.Partial, (decimal)percent), Regular);
        Assert.Equal(v4, decision.UseV4);
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(8771, decision.Bucket);
    }

    [Fact]
    public void Overrides_do_not_compute_a_bucket()
    {
        Assert.Equal(RolloutDecision.NoBucket, RolloutEvaluator.Evaluate(Rule(RolloutStage.Partial, 50), Tester).Bucket);
        Assert.Equal(RolloutDecision.NoBucket, RolloutEvaluator.Evaluate(Rule(RolloutStage.Partial, 50), Opted).Bucket);
    }

    internal static RolloutRule Rule(RolloutStage stage, decimal percent) => new(
        stage,
        Percentage.FromPercent(percent),
        "strangler",
        new[] { Tester }.ToFrozenSet(StringComparer.Ordinal),
        new[] { Opted }.ToFrozenSet(StringComparer.Ordinal));
}
