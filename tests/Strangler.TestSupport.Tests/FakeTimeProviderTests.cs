using Strangler.TestSupport.Time;

namespace Strangler.TestSupport.Tests;

public sealed class FakeTimeProviderTests
{
    [Fact]
    public void Time_moves_only_when_advanced()
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        Assert.Equal(start, time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(start.AddSeconds(90), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(90), time.GetElapsedTime(start.UtcTicks, time.GetTimestamp()));
    }

    [Fact]
    public void Timers_fire_in_order_and_periodic_ones_repeat()
    {
        var time = new FakeTimeProvider();
        var fired = new List<string>();
        using var once = time.CreateTimer(_ => fired.Add($"once@{time.GetUtcNow():ss}"), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var every = time.CreateTimer(_ => fired.Add($"every@{time.GetUtcNow():ss}"), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["every@02", "once@03", "every@04"], fired);

        every.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, fired.Count);
    }

    [Fact]
    public async Task Task_delay_completes_when_time_is_advanced()
    {
        var time = new FakeTimeProvider();
        var delay = Task.Delay(TimeSpan.FromMinutes(10), time, TestContext.Current.CancellationToken);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(10));
        await delay.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
