namespace Strangler.Gateway.Shadow;

/// <summary>A feature's mirrored requests by result since its last change.</summary>
internal readonly record struct ShadowTally(long Matches, long Diffs, long Noise, long V4Errors, long Skipped)
{
    /// <summary>Answers compared: matches, diffs and noise (a v4 error or a skip compares nothing).</summary>
    public long Comparisons => Matches + Diffs + Noise;
}
