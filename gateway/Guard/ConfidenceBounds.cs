namespace Strangler.Gateway.Guard;

/// <summary>Confidence bounds used by the guard, so that small samples cannot trip it and large ones trip it fast.</summary>
internal static class ConfidenceBounds
{
    /// <summary>One-sided z for a confidence level (e.g. 0.95 -> 1.645), via Acklam's inverse normal approximation.</summary>
    public static double Z(double confidence) => InverseNormal(confidence);

    /// <summary>Wilson score interval lower bound of a proportion k/n.</summary>
    public static double WilsonLower(long k, long n, double z) => n == 0 ? 0 : Wilson(k, n, z, -1);

    /// <summary>Wilson score interval upper bound of a proportion k/n.</summary>
    public static double WilsonUpper(long k, long n, double z) => n == 0 ? 1 : Wilson(k, n, z, +1);

    private static double Wilson(long k, long n, double z, int sign)
    {
        var p = (double)k / n;
        var z2 = z * z;
        var centre = p + (z2 / (2 * n));
        var spread = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n)));
        return Math.Clamp((centre + (sign * spread)) / (1 + (z2 / n)), 0, 1);
    }

    private static readonly double[] A = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
    private static readonly double[] B = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01, 1.0];
    private static readonly double[] C = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
    private static readonly double[] D = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00, 1.0];

    private static double InverseNormal(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1);
        const double Low = 0.02425;
        if (p < Low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return Horner(C, q) / Horner(D, q);
        }

        if (p > 1 - Low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -Horner(C, q) / Horner(D, q);
        }

        var r = p - 0.5;
        return Horner(A, r * r) * r / Horner(B, r * r);
    }

    private static double Horner(double[] coefficients, double x)
    {
        var value = 0.0;
        foreach (var c in coefficients)
        {
            value = (value * x) + c;
        }

        return value;
    }
}
