using Strangler.Gateway.Guard.Statistics;

namespace Strangler.Gateway.Tests.Guard.Statistics;

public sealed class SpendingScheduleTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(1024, 0)]
    [InlineData(1025, 1)]
    [InlineData(2048, 1)]
    [InlineData(2049, 2)]
    [InlineData(4096, 2)]
    [InlineData(86_400, 7)]
    public void Epochs_double_from_the_first(long candidates, int epoch)
    {
        Assert.Equal(epoch, new SpendingSchedule(0.01).Epoch(candidates));
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(21_600, 5)]
    [InlineData(86_400, 7)]
    public void The_threshold_is_the_epoch_size_over_its_alpha(long candidates, int epoch)
    {
        var schedule = new SpendingSchedule(0.002);
        var size = 1024 * Math.Pow(2, epoch);
        var epochAlpha = 0.002 / ((epoch + 1) * (epoch + 2));
        Assert.Equal(Math.Log(size / epochAlpha), schedule.LogThreshold(candidates), 1e-12);
        Assert.Equal(epochAlpha, schedule.EpochAlpha(epoch), 1e-18);
    }

    [Fact]
    public void The_epochs_spend_exactly_alpha_in_the_limit()
    {
        var schedule = new SpendingSchedule(0.01);
        var spent = Enumerable.Range(0, 10_000).Sum(schedule.EpochAlpha);

        // Σ_{j<J} α/((j+1)(j+2)) = α(1 − 1/(J+1)).
        Assert.Equal(0.01 * (1 - (1.0 / 10_001)), spent, 1e-15);
    }

    [Fact]
    public void The_threshold_never_falls()
    {
        var schedule = new SpendingSchedule(0.01, firstEpoch: 16);
        var previous = double.NegativeInfinity;
        for (long n = 1; n < 1_000_000; n = (n * 5 / 4) + 1)
        {
            var threshold = schedule.LogThreshold(n);
            Assert.True(threshold >= previous);
            previous = threshold;
        }
    }
}
