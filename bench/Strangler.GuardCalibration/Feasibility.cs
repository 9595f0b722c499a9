namespace Strangler.GuardCalibration;

/// <summary>
/// What no valid test can beat: the power of the most powerful level-α test (Neyman–Pearson,
/// randomised, exact binomial) of rate ≤ p0 against rate = p1 on all requests seen within a time
/// budget, with the request count fixed at its mean or Poisson. A guard that watches continuously
/// and shares α among rules can only do worse.
/// </summary>
internal static class Feasibility
{
    /// <summary>Power of the most powerful level-α test on exactly n requests.</summary>
    public static double FixedPower(long n, double p0, double p1, double alpha)
    {
        // The likelihood ratio increases with the error count: reject above c, randomise at c.
        var tail0 = 0.0;
        var power = 0.0;
        for (var k = n; k >= 0; k--)
        {
            var f0 = Math.Exp(Exact.BinomialLogPmf(k, n, p0));
            var f1 = Math.Exp(Exact.BinomialLogPmf(k, n, p1));
            if (tail0 + f0 > alpha)
            {
                return power + ((alpha - tail0) / f0 * f1);
            }

            tail0 += f0;
            power += f1;
        }

        return power;
    }

    /// <summary>Power of the most powerful level-α test when the request count is Poisson(mean) (ancillary, so the test may use it).</summary>
    public static double PoissonPower(double mean, double p0, double p1, double alpha)
    {
        var a = Math.Log(p1 / p0);
        var b = Math.Log((1 - p1) / (1 - p0));
        var points = new List<(double Llr, double Q0, double Q1)>();
        var sd = Math.Sqrt(mean);
        for (var n = (long)Math.Max(0, mean - (10 * sd)); n <= mean + (10 * sd) + 1; n++)
        {
            var w = Math.Exp(Exact.PoissonLogPmf(n, mean));
            if (w < 1e-16)
            {
                continue;
            }

            for (var k = 0L; k <= n; k++)
            {
                var q0 = w * Math.Exp(Exact.BinomialLogPmf(k, n, p0));
                var q1 = w * Math.Exp(Exact.BinomialLogPmf(k, n, p1));
                if (q0 > 1e-20 || q1 > 1e-20)
                {
                    points.Add(((k * a) + ((n - k) * b), q0, q1));
                }
            }
        }

        points.Sort((x, y) => y.Llr.CompareTo(x.Llr));
        double size = 0, power = 0;
        foreach (var (_, q0, q1) in points)
        {
            if (size + q0 > alpha)
            {
                return power + ((alpha - size) / q0 * q1);
            }

            size += q0;
            power += q1;
        }

        return power;
    }

    /// <summary>The smallest n with at least the given power (fixed count).</summary>
    public static long MinimumRequests(double p0, double p1, double alpha, double power)
    {
        var n = 1L;
        while (FixedPower(n, p0, p1, alpha) < power)
        {
            n++;
        }

        return n;
    }

    /// <summary>The smallest rate (to 0.1 request/s) at which a test on Poisson arrivals over the time budget reaches the power.</summary>
    public static double MinimumRate(double seconds, double p0, double p1, double alpha, double power)
    {
        double low = 0.1, high = 1000;
        while (high - low > 0.05)
        {
            var middle = (low + high) / 2;
            if (PoissonPower(middle * seconds, p0, p1, alpha) >= power)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return Math.Round(high, 1);
    }
}
