namespace Strangler.Gateway.Guard.Statistics.Sampling;

/// <summary>
/// Exact binomial variates in constant expected time: inversion (sequential search from 0) when
/// n·min(p, 1−p) is below 10, otherwise Hörmann's transformed rejection with squeeze (BTRS, "The
/// generation of binomial random variates", 1993).
/// </summary>
internal static class BinomialSampler
{
    private const double InversionLimit = 10;

    public static long Sample(SimulationRandom random, long trials, double probability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (trials == 0 || probability <= 0)
        {
            return 0;
        }

        if (probability >= 1)
        {
            return trials;
        }

        if (probability > 0.5)
        {
            return trials - Sample(random, trials, 1 - probability);
        }

        return trials * probability < InversionLimit
            ? Inversion(random, trials, probability)
            : TransformedRejection(random, trials, probability);
    }

    private static long Inversion(SimulationRandom random, long n, double p)
    {
        var u = random.NextDouble();
        var odds = p / (1 - p);
        var f = Math.Exp(n * Math.Log(1 - p));
        var cdf = f;
        var k = 0L;
        while (u > cdf && k < n)
        {
            f *= (n - k) * odds / (k + 1);
            k++;
            var next = cdf + f;
            if (next == cdf)
            {
                break; // the remaining tail is below double precision
            }

            cdf = next;
        }

        return k;
    }

    private static long TransformedRejection(SimulationRandom random, long n, double p)
    {
        var q = 1 - p;
        var spq = Math.Sqrt(n * p * q);
        var b = 1.15 + (2.53 * spq);
        var a = -0.0873 + (0.0248 * b) + (0.01 * p);
        var c = (n * p) + 0.5;
        var vr = 0.92 - (4.2 / b);
        var logAlpha = Math.Log((2.83 + (5.1 / b)) * spq);
        var logOdds = Math.Log(p / q);
        var m = (long)Math.Floor((n + 1) * p);
        var h = LogFactorial.Of(m) + LogFactorial.Of(n - m);
        while (true)
        {
            var u = random.NextDouble() - 0.5;
            var v = random.NextOpenDouble();
            var us = 0.5 - Math.Abs(u);
            var k = (long)Math.Floor((((2 * a / us) + b) * u) + c);
            if (k < 0 || k > n)
            {
                continue;
            }

            if (us >= 0.07 && v <= vr)
            {
                return k;
            }

            var logV = Math.Log(v) + logAlpha - Math.Log((a / (us * us)) + b);
            if (logV <= h - LogFactorial.Of(k) - LogFactorial.Of(n - k) + ((k - m) * logOdds))
            {
                return k;
            }
        }
    }
}
