namespace Strangler.Gateway.Guard.Statistics;

/// <summary>The Wilson score interval of a proportion k/n, one-sided at 95 %.</summary>
internal static class Wilson
{
    private const double Z = 1.6448536269514722; // the one-sided 95 % normal quantile

    /// <summary>The bound below which the true proportion lies with 95 % confidence; 1 when n is 0.</summary>
    public static double Upper(long k, long n) => n <= 0 ? 1 : Math.Min(1, Bound(k, n, +1));

    /// <summary>The bound above which the true proportion lies with 95 % confidence; 0 when n is 0.</summary>
    public static double Lower(long k, long n) => n <= 0 ? 0 : Math.Max(0, Bound(k, n, -1));

    private static double Bound(long k, long n, int sign)
    {
        var p = (double)k / n;
        const double Z2 = Z * Z;
        var centre = p + (Z2 / (2 * n));
        var spread = Z * Math.Sqrt((p * (1 - p) / n) + (Z2 / (4.0 * n * n)));
        return (centre + (sign * spread)) / (1 + (Z2 / n));
    }
}
