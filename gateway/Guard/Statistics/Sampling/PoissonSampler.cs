namespace Strangler.Gateway.Guard.Statistics.Sampling;

/// <summary>
/// Exact Poisson variates in constant expected time: inversion for small means, Hörmann's
/// transformed rejection with squeeze (PTRS, "The transformed rejection method for generating
/// Poisson random variables", 1993) from a mean of 10 up.
/// </summary>
internal static class PoissonSampler
{
    private const double InversionLimit = 10;

    public static long Sample(SimulationRandom random, double mean)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mean);
        return mean < InversionLimit ? Inversion(random, mean) : TransformedRejection(random, mean);
    }

    private static long Inversion(SimulationRandom random, double mean)
    {
        if (mean == 0)
        {
            return 0;
        }

        var u = random.NextDouble();
        var p = Math.Exp(-mean);
        var cdf = p;
        var k = 0L;
        while (u > cdf)
        {
            k++;
            p *= mean / k;
            var next = cdf + p;
            if (next == cdf)
            {
                break; // the remaining tail is below double precision
            }

            cdf = next;
        }

        return k;
    }

    private static long TransformedRejection(SimulationRandom random, double mean)
    {
        var sqrtMean = Math.Sqrt(mean);
        var logMean = Math.Log(mean);
        var b = 0.931 + (2.53 * sqrtMean);
        var a = -0.059 + (0.02483 * b);
        var logInverseAlpha = Math.Log(1.1239 + (1.1328 / (b - 3.4)));
        var vr = 0.9277 - (3.6224 / (b - 2));
        while (true)
        {
            var u = random.NextDouble() - 0.5;
            var v = random.NextOpenDouble();
            var us = 0.5 - Math.Abs(u);
            var k = (long)Math.Floor((((2 * a / us) + b) * u) + mean + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + logInverseAlpha - Math.Log((a / (us * us)) + b) <= -mean + (k * logMean) - LogFactorial.Of(k))
            {
                return k;
            }
        }
    }
}
