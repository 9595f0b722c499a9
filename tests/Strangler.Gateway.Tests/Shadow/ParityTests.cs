using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ParityTests
{
    [Fact]
    public void Without_a_limit_parity_is_off_and_allows_advances_but_still_reports_the_rate()
    {
        var parity = Parity.Judge(ShadowPolicies.Default(), new ShadowTally(90, 10, 0, 0, 0));
        Assert.Equal(ParityState.Off, parity.State);
        Assert.True(parity.AllowsAdvance);
        Assert.Equal(10, parity.RatePercent!.Value, 6);
        Assert.False(parity.Breached);
    }

    [Fact]
    public void Before_min_comparisons_it_is_collecting_and_holds_advances()
    {
        var parity = Parity.Judge(ShadowPolicies.Default(maxDiffPercent: 0.5, minComparisons: 500), new ShadowTally(499, 0, 0, 7, 3));
        Assert.Equal(ParityState.Collecting, parity.State);
        Assert.False(parity.AllowsAdvance);
        Assert.Contains("499 of 500 comparisons", parity.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Noise_counts_as_a_comparison_and_v4_errors_and_skips_do_not()
    {
        var parity = Parity.Judge(ShadowPolicies.Default(maxDiffPercent: 5, minComparisons: 500), new ShadowTally(400, 0, 100, 1000, 1000));
        Assert.Equal(ParityState.Holds, parity.State);
        Assert.Equal(0, parity.RatePercent!.Value);
    }

    [Fact]
    public void It_holds_only_when_the_upper_bound_is_below_the_limit()
    {
        // 0 diffs in 500: the one-sided 95 % Wilson upper bound is about 0.54 %.
        var none = Parity.Judge(ShadowPolicies.Default(maxDiffPercent: 0.5), new ShadowTally(500, 0, 0, 0, 0));
        Assert.Equal(ParityState.Failing, none.State);
        Assert.InRange(none.UpperPercent!.Value, 0.5, 0.6);
        Assert.False(none.Breached);

        var more = Parity.Judge(ShadowPolicies.Default(maxDiffPercent: 0.5), new ShadowTally(1000, 0, 0, 0, 0));
        Assert.Equal(ParityState.Holds, more.State);
        Assert.True(more.AllowsAdvance);
    }

    [Fact]
    public void A_rate_above_the_limit_beyond_doubt_is_a_breach()
    {
        var parity = Parity.Judge(ShadowPolicies.Default(maxDiffPercent: 0.5), new ShadowTally(950, 50, 0, 0, 0));
        Assert.Equal(ParityState.Failing, parity.State);
        Assert.True(parity.Breached);
        Assert.False(parity.AllowsAdvance);
        Assert.Contains("diff rate 5 %", parity.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_upper_bound_covers_the_true_rate_in_at_least_95_percent_of_samples()
    {
        var random = new Random(17);
        const double trueRate = 0.03;
        var covered = 0;
        for (var run = 0; run < 2000; run++)
        {
            var diffs = 0;
            for (var i = 0; i < 500; i++)
            {
                diffs += random.NextDouble() < trueRate ? 1 : 0;
            }

            var parity = Parity.Judge(ShadowPolicies.Default(maxDiffPercent: 1), new ShadowTally(500 - diffs, diffs, 0, 0, 0));
            covered += parity.UpperPercent >= trueRate * 100 ? 1 : 0;
        }

        Assert.InRange(covered / 2000.0, 0.94, 1.0);
    }
}
