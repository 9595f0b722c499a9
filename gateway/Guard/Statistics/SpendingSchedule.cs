using System.Numerics;

namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// The alarm threshold of a change detector as its evidence period grows, so that the probability
/// of any false alarm over an unbounded period stays below α.
/// <para>
/// The bound: a Shiryaev–Roberts statistic R_t = Σ_j Λ_(j..t), summing one likelihood-ratio
/// process per candidate change point j, satisfies R_t − (number of candidates so far) is a
/// supermartingale under the null, so with at most B candidates R_t + B − candidates is a nonnegative
/// supermartingale starting at B and Ville's inequality gives P(R ever ≥ A while candidates ≤ B) ≤ B/A.
/// Candidates are counted in epochs that double: epoch 0 holds up to B₀ of them, epoch j up to B₀·2^j.
/// Epoch j is given α_j = α/((j+1)(j+2)), which sums to α over all epochs, and the threshold
/// A_j = B₀·2^j/α_j; the union over epochs bounds the false-alarm probability of the whole period by α.
/// The detectors alarm on a CUSUM (max over change points instead of the sum), which never exceeds
/// the Shiryaev–Roberts statistic, so the same thresholds hold for them (the e-detectors of Shin,
/// Ramdas and Rinaldo, "E-detectors: a nonparametric framework for sequential change detection",
/// 2024, control the average run length this way; spending α over doubling epochs turns that into
/// a bound on the probability of any false alarm).
/// </para>
/// The threshold grows like ln t + 2 ln ln t: the unavoidable price of watching for a change at any
/// time (Lorden 1971: a detection delay of about ln(ARL)/KL).
/// </summary>
internal sealed class SpendingSchedule
{
    /// <summary>Candidates in the first epoch (about 17 minutes of seconds with traffic).</summary>
    public const long DefaultFirstEpoch = 1024;

    private const int Epochs = 54;

    public SpendingSchedule(double alpha, long firstEpoch = DefaultFirstEpoch)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be strictly between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(firstEpoch, 1);
        Alpha = alpha;
        FirstEpoch = firstEpoch;
    }

    public double Alpha { get; }

    public long FirstEpoch { get; }

    /// <summary>The epoch that holds the given number of candidates (0 for up to <see cref="FirstEpoch"/>).</summary>
    public int Epoch(long candidates)
    {
        var q = (ulong)(Math.Max(candidates, 1) - 1) / (ulong)FirstEpoch;
        return q == 0 ? 0 : 64 - BitOperations.LeadingZeroCount(q);
    }

    /// <summary>ln A for the epoch holding <paramref name="candidates"/>.</summary>
    /// <remarks>Computed when asked (once a second per feature with traffic) rather than kept in a table per schedule, of which a rollout has four per feature.</remarks>
    public double LogThreshold(long candidates)
    {
        var j = Math.Min(Epoch(candidates), Epochs - 1);
        return Math.Log(FirstEpoch) + (j * Math.Log(2)) + Math.Log((j + 1.0) * (j + 2.0)) - Math.Log(Alpha);
    }

    /// <summary>The α spent on one epoch.</summary>
    public double EpochAlpha(int epoch) => Alpha / ((epoch + 1.0) * (epoch + 2.0));
}
