namespace Strangler.Gateway.Guard.Statistics.Sampling;

/// <summary>The standard normal distribution function, accurate to about 1e-15 absolute.</summary>
internal static class StandardNormal
{
    private const double InverseSqrtTwoPi = 0.39894228040143267794;

    /// <summary>Φ(x) = P(Z ≤ x).</summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < -5)
        {
            return UpperTail(-x);
        }

        if (x > 5)
        {
            return 1 - UpperTail(x);
        }

        // Φ(x) = 1/2 + φ(x)·(x + x³/3 + x⁵/(3·5) + …): every term positive for x > 0, so no cancellation.
        var term = x;
        var sum = x;
        var x2 = x * x;
        for (var k = 1; k < 200 && Math.Abs(term) > 1e-17 * Math.Abs(sum); k++)
        {
            term *= x2 / ((2 * k) + 1);
            sum += term;
        }

        return 0.5 + (Density(x) * sum);
    }

    public static double Density(double x) => InverseSqrtTwoPi * Math.Exp(-0.5 * x * x);

    /// <summary>1 − Φ(x) for x ≥ 5 by the continued fraction of Mills' ratio (Lentz's method).</summary>
    private static double UpperTail(double x)
    {
        // Mills' ratio R(x) = 1/(x + 1/(x + 2/(x + 3/(x + …)))).
        const double Tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var k = 1; k < 500; k++)
        {
            d = x + (k * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = x + (k / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Density(x) / f;
    }
}
