namespace Strangler.Gateway.Shadow;

/// <summary>
/// Admission of a feature's mirrored requests, kept across the feature's changes (calls outlive a
/// view): at most max_in_flight at once, and none for a while after v4 failed several copies in a
/// row (down or refusing), so a dead v4 costs a sample a few seconds, not a connection attempt per
/// sampled request. Samples refused here are counted as skipped.
/// </summary>
internal sealed class ShadowGate
{
    /// <summary>Consecutive copies v4 failed (no answer in time) before mirroring pauses.</summary>
    public const int FailuresToPause = 5;

    /// <summary>How long mirroring pauses; then copies go again, and the first failure pauses it once more.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(5);

    private int _inFlight;
    private int _failures;
    private long _pausedUntil = long.MinValue;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a slot unless <paramref name="limit"/> are taken or mirroring is paused at <paramref name="now"/>.</summary>
    public bool TryEnter(int limit, DateTimeOffset now)
    {
        if (now.UtcTicks < Interlocked.Read(ref _pausedUntil))
        {
            return false;
        }

        if (Interlocked.Increment(ref _inFlight) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>v4 answered a copy (any status): the failure run ends.</summary>
    public void Answered() => Volatile.Write(ref _failures, 0);

    /// <summary>v4 gave no answer to a copy; the <see cref="FailuresToPause"/>-th in a row (and each after it) pauses mirroring.</summary>
    public void Failed(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref _failures) >= FailuresToPause)
        {
            Interlocked.Exchange(ref _pausedUntil, (now + Pause).UtcTicks);
        }
    }
}
