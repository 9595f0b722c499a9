namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// The alternatives a Bernoulli mixture test bets on, for a null rate p0: <see cref="Size"/> rates
/// p_i above p0, spaced geometrically in the log odds ratio η_i = ln(odds(p_i)/odds(p0)) from
/// ln 1.15 (15 % higher odds) up to the odds of 95 %, with equal weights w_i = 1/<see cref="Size"/>.
/// <para>
/// Why this family: k errors out of n requests have likelihood ratio
/// Λ_i = (p_i/p0)^k ((1−p_i)/(1−p0))^(n−k) = exp(k·η_i − n·d_i) with d_i = ln(1 + p0(e^η_i − 1)),
/// so each alternative's evidence is two multiply-adds on counts and the mixture needs only the
/// totals since the evidence start. Under any rate p ≤ p0 each Λ_i is a nonnegative
/// supermartingale, so is their weighted mean, and Ville's inequality bounds the probability that
/// it ever reaches 1/α by α. A fixed discrete grid (rather than a truncated beta mixture) keeps every
/// evaluation exact and cheap, and can be checked by brute force. Spacing in ln η is the scale-free
/// choice: a true odds ratio between two grid points loses at most about 3 % of the growth rate of
/// the best single alternative (the loss is quadratic in the relative mismatch of η), while equal
/// weights cost ln 12 ≈ 2.5 nats of evidence whatever the size of the breach.
/// </para>
/// </summary>
internal sealed class AlternativeGrid
{
    /// <summary>Number of alternatives.</summary>
    public const int Size = 12;

    private const double SmallestOddsRatio = 1.15;

    private readonly double[] _eta = new double[Size];
    private readonly double[] _d = new double[Size];

    /// <param name="nullRate">p0, strictly between 0 and 1.</param>
    public AlternativeGrid(double nullRate)
    {
        if (!(nullRate > 0 && nullRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(nullRate), nullRate, "A null rate must be strictly between 0 and 1.");
        }

        NullRate = nullRate;
        var highest = Math.Max(0.95, (1 + nullRate) / 2);
        var etaMin = Math.Log(SmallestOddsRatio);
        var etaMax = Math.Log(Odds(highest) / Odds(nullRate));
        for (var i = 0; i < Size; i++)
        {
            _eta[i] = etaMin * Math.Pow(etaMax / etaMin, (double)i / (Size - 1));
            _d[i] = Math.Log(1 + (nullRate * double.ExpM1(_eta[i])));
        }
    }

    /// <summary>p0.</summary>
    public double NullRate { get; }

    /// <summary>ln <see cref="Size"/>: a sum of that many terms is at most that many times the largest.</summary>
    public static double LogSize { get; } = Math.Log(Size);

    /// <summary>The rate of alternative i.</summary>
    public double Alternative(int i)
    {
        var odds = Odds(NullRate) * Math.Exp(_eta[i]);
        return odds / (1 + odds);
    }

    /// <summary>Every η_i (see <see cref="EventWeight"/>).</summary>
    public ReadOnlySpan<double> EventWeights => _eta;

    /// <summary>Every d_i (see <see cref="TrialWeight"/>).</summary>
    public ReadOnlySpan<double> TrialWeights => _d;

    /// <summary>η_i: what one event adds to alternative i's log likelihood ratio.</summary>
    public double EventWeight(int i) => _eta[i];

    /// <summary>d_i: what one trial subtracts from alternative i's log likelihood ratio.</summary>
    public double TrialWeight(int i) => _d[i];

    /// <summary>ln w_i = −ln <see cref="Size"/> (equal weights).</summary>
    public static double LogWeight { get; } = -Math.Log(Size);

    /// <summary>ln Λ_i for <paramref name="events"/> out of <paramref name="trials"/>.</summary>
    public double LogLikelihoodRatio(int i, long events, long trials) => (events * _eta[i]) - (trials * _d[i]);

    /// <summary>ln Σ_i w_i Λ_i: the log e-value of the mixture on these totals.</summary>
    public double LogMixture(long events, long trials)
    {
        var max = double.NegativeInfinity;
        for (var i = 0; i < Size; i++)
        {
            max = Math.Max(max, LogWeight + LogLikelihoodRatio(i, events, trials));
        }

        var sum = 0.0;
        for (var i = 0; i < Size; i++)
        {
            sum += Math.Exp(LogWeight + LogLikelihoodRatio(i, events, trials) - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>
    /// Whether ln Σ w_i Λ_i ≥ <paramref name="logThreshold"/>, skipping the exponentials unless the
    /// largest term is within ln <see cref="Size"/> of the threshold.
    /// </summary>
    public bool MixtureReaches(long events, long trials, double logThreshold)
    {
        var max = double.NegativeInfinity;
        for (var i = 0; i < Size; i++)
        {
            max = Math.Max(max, LogWeight + LogLikelihoodRatio(i, events, trials));
        }

        if (max >= logThreshold)
        {
            return true;
        }

        return max + LogSize >= logThreshold && LogMixture(events, trials) >= logThreshold;
    }

    private static double Odds(double p) => p / (1 - p);
}
