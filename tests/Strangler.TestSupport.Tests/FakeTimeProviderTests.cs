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
    public void Pending_timers_count_what_is_scheduled_and_not_yet_fired_stopped_or_disposed()
    {
        var time = new FakeTimeProvider();
        Assert.Equal(0, time.PendingTimers);
        using var once = time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var stopped = time.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var disposed = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
        Assert.Equal(2, time.PendingTimers);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, time.PendingTimers);
        disposed.Dispose();
        Assert.Equal(0, time.PendingTimers);
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
