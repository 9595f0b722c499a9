using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Outcomes;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.Outcomes;

public sealed class StallClockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Time_the_probe_could_not_run_in_counts_as_a_stall_even_before_it_runs_again()
    {
        var clock = new FakeTimeProvider();
        using var stalls = new StallClock(clock);
        await stalls.StartAsync(Ct);
        await Eventually.HoldsAsync(() => stalls.Probing, "the probe to run", TimeSpan.FromSeconds(10));
        var before = stalls.Read();

        // The probe asked to run 20 ms later; a second passes at once (nothing in the process ran).
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(1000 - 20 - 10), stalls.Between(before, stalls.Read()));
        await stalls.StopAsync(Ct);
    }

    [Fact]
    public async Task Time_that_passes_while_the_probe_keeps_running_is_no_stall()
    {
        var clock = new FakeTimeProvider();
        using var stalls = new StallClock(clock);
        await stalls.StartAsync(Ct);
        await Eventually.HoldsAsync(() => stalls.Probing, "the probe to run", TimeSpan.FromSeconds(10));
        var before = stalls.Read();

        for (var i = 0; i < 50; i++)
        {
            // One period at a time, the probe running each time before the next.
            var probes = stalls.Probes;
            clock.Advance(StallClock.Period);
            await Eventually.HoldsAsync(() => stalls.Probes > probes, "the probe to run", TimeSpan.FromSeconds(10));
        }

        Assert.Equal(TimeSpan.Zero, stalls.Between(before, stalls.Read()));
        await stalls.StopAsync(Ct);
    }

    [Fact]
    public async Task Unread_for_five_seconds_the_probe_sleeps_the_next_read_wakes_it_and_time_asleep_is_no_stall()
    {
        var clock = new FakeTimeProvider();
        using var stalls = new StallClock(clock);
        await stalls.StartAsync(Ct);
        await Eventually.HoldsAsync(() => stalls.Probing, "the probe to run", TimeSpan.FromSeconds(10));
        var start = stalls.Read();

        // Period after period with the probe running on time and nobody reading it, until it sleeps.
        var periods = 0;
        while (!stalls.Sleeping)
        {
            Assert.True(periods <= (StallClock.IdleAfter / StallClock.Period) + 1, $"still probing after {periods} unread periods");
            var probes = stalls.Probes;
            clock.Advance(StallClock.Period);
            periods++;
            await Eventually.HoldsAsync(() => stalls.Probes > probes || stalls.Sleeping, "the probe to run or sleep", TimeSpan.FromSeconds(10));
        }

        Assert.True(periods >= StallClock.IdleAfter / StallClock.Period, $"asleep after only {periods} periods");

        // A minute asleep: no probe ran, and none was due.
        var asleep = stalls.Probes;
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(asleep, stalls.Probes);
        var woken = stalls.Read();
        Assert.Equal(TimeSpan.Zero, stalls.Between(start, woken));
        await Eventually.HoldsAsync(() => stalls.Probes > asleep && !stalls.Sleeping, "the read to wake the probe", TimeSpan.FromSeconds(10));

        // Awake again, time the probe could not run in is a stall.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(1000 - 20 - 10), stalls.Between(woken, stalls.Read()));
        await stalls.StopAsync(Ct);
    }

    [Fact]
    public void Nothing_is_a_stall_before_the_probe_starts()
    {
        var clock = new FakeTimeProvider();
        using var stalls = new StallClock(clock);
        var before = stalls.Read();
        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(stalls.Probing);
        Assert.Equal(TimeSpan.Zero, stalls.Between(before, stalls.Read()));
    }
}
