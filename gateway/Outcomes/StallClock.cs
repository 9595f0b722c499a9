using Microsoft.Extensions.Hosting;

namespace Strangler.Gateway.Outcomes;

/// <summary>
/// How long the gateway itself has been stalled: a probe that asks to run every
/// <see cref="Period"/> on the thread pool and adds up how late it runs, beyond
/// <see cref="Tolerance"/>. A stall of the gateway's process (the host starving it of CPU, a
/// garbage-collection pause, thread-pool starvation, a cold start's compilation) delays every
/// request in flight, to v3 and v4 alike, and delays the probe as much; the recording step
/// subtracts the stall time during an attempt from the latency it gives the guard, so the guard
/// judges the backend's latency, not the gateway's. Lock-free: one immutable reading swapped by
/// the probe, read by every attempt. With nothing read for <see cref="IdleAfter"/> the probe
/// sleeps until the next read (no request, no latency to correct): fifty wake-ups a second were
/// most of an idle gateway's CPU.
/// </summary>
/// <param name="clock">Real time (the clock attempt latencies are measured on), not the gateway's schedule clock.</param>
internal sealed class StallClock(TimeProvider clock) : BackgroundService
{
    /// <summary>How often the probe asks to run.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    /// <summary>Lateness not counted as a stall (timer resolution and ordinary scheduling).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(10);

    /// <summary>How long without a read before the probe sleeps until the next one.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(5);

    private const long NeverDue = long.MaxValue / 2; // nothing is overdue
    private static readonly Reading NotStarted = new(0, NeverDue, 0);

    private readonly long _period = Ticks(clock, Period);
    private readonly long _tolerance = Ticks(clock, Tolerance);
    private readonly long _idleAfter = Ticks(clock, IdleAfter);
    private readonly long _touchEvery = Ticks(clock, Period); // the last read's time, kept to this precision

    private Reading _reading = NotStarted;
    private long _lastRead = clock.GetTimestamp(); // the first IdleAfter counts as in use
    private TaskCompletionSource? _wake;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The probe is running: stalls from now on are counted.</summary>
    public bool Probing => !ReferenceEquals(Volatile.Read(ref _reading), NotStarted);

    /// <summary>How many times the probe has run.</summary>
    public long Probes => Volatile.Read(ref _reading).Probes;

    /// <summary>The probe sleeps until the next read.</summary>
    public bool Sleeping => Volatile.Read(ref _wake) is not null;

    /// <summary>
    /// Stall time so far, in <see cref="Clock"/> timestamp ticks, including a stall in progress (the
    /// probe overdue now). The stall during an interval is the difference of two reads.
    /// </summary>
    public long Read()
    {
        var reading = Volatile.Read(ref _reading);
        var now = Clock.GetTimestamp();
        if (now - Volatile.Read(ref _lastRead) > _touchEvery)
        {
            // A few writes a second at most, however many requests read: the line stays shared.
            Volatile.Write(ref _lastRead, now);
            Interlocked.Exchange(ref _wake, null)?.TrySetResult();
        }

        return reading.Stalled + Math.Max(0, now - reading.Due - _tolerance);
    }

    /// <summary>The stall time between two <see cref="Read"/>s, as a duration.</summary>
    public TimeSpan Between(long firstRead, long secondRead) =>
        TimeSpan.FromSeconds(Math.Max(0, secondRead - firstRead) / (double)Clock.TimestampFrequency);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stalled = 0L;
        for (var probes = 1L; !stoppingToken.IsCancellationRequested; probes++)
        {
            var due = Clock.GetTimestamp() + _period;
            Volatile.Write(ref _reading, new Reading(stalled, due, probes));
            try
            {
                await Task.Delay(Period, Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            stalled += Math.Max(0, Clock.GetTimestamp() - due - _tolerance);
            await SleepUntilReadAsync(stalled, probes, stoppingToken);
        }
    }

    /// <summary>Sleeps until the next read when nothing read for <see cref="IdleAfter"/>; returns at once otherwise.</summary>
    private async Task SleepUntilReadAsync(long stalled, long probes, CancellationToken stoppingToken)
    {
        var lastRead = Volatile.Read(ref _lastRead);
        if (Clock.GetTimestamp() - lastRead <= _idleAfter)
        {
            return;
        }

        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _wake, wake);
        Volatile.Write(ref _reading, new Reading(stalled, NeverDue, probes));
        if (Volatile.Read(ref _lastRead) != lastRead)
        {
            // A read came after the check; it may not have seen the wake-up to take.
            Interlocked.Exchange(ref _wake, null)?.TrySetResult();
        }

        try
        {
            await wake.Task.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static long Ticks(TimeProvider clock, TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    /// <param name="Stalled">Stall time added up at the probe's last run.</param>
    /// <param name="Due">When the probe should run next; later than that (beyond the tolerance) is a stall in progress.</param>
    /// <param name="Probes">Runs of the probe so far.</param>
    private sealed record Reading(long Stalled, long Due, long Probes);
}
