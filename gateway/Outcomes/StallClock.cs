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
/// the probe, read by every attempt.
/// </summary>
/// <param name="clock">Real time (the clock attempt latencies are measured on), not the gateway's schedule clock.</param>
internal sealed class StallClock(TimeProvider clock) : BackgroundService
{
    /// <summary>How often the probe asks to run.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    /// <summary>Lateness not counted as a stall (timer resolution and ordinary scheduling).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(10);

    private readonly long _period = Ticks(clock, Period);
    private readonly long _tolerance = Ticks(clock, Tolerance);
    private static readonly Reading NotStarted = new(0, long.MaxValue / 2, 0); // nothing is overdue

    private Reading _reading = NotStarted;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The probe is running: stalls from now on are counted.</summary>
    public bool Probing => !ReferenceEquals(Volatile.Read(ref _reading), NotStarted);

    /// <summary>How many times the probe has run.</summary>
    public long Probes => Volatile.Read(ref _reading).Probes;

    /// <summary>
    /// Stall time so far, in <see cref="Clock"/> timestamp ticks, including a stall in progress (the
    /// probe overdue now). The stall during an interval is the difference of two reads.
    /// </summary>
    public long Read()
    {
        var reading = Volatile.Read(ref _reading);
        return reading.Stalled + Math.Max(0, Clock.GetTimestamp() - reading.Due - _tolerance);
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
        }
    }

    private static long Ticks(TimeProvider clock, TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    /// <param name="Stalled">Stall time added up at the probe's last run.</param>
    /// <param name="Due">When the probe should run next; later than that (beyond the tolerance) is a stall in progress.</param>
    /// <param name="Probes">Runs of the probe so far.</param>
    private sealed record Reading(long Stalled, long Due, long Probes);
}
