namespace Strangler.Gateway.Guard.Statistics;

/// <summary>
/// The per-second e-value of the relative rule, H0: p4 ≤ p3 + δ, with p3 unknown and free to change
/// from second to second.
/// <para>
/// For one second with n4 v4 and n3 v3 requests and a predictable alternative (θ4, θ3) with
/// θ4 &gt; θ3 + δ (estimated from earlier seconds only), the e-value is the likelihood ratio of the
/// alternative against its reverse information projection onto H0 (Grünwald, de Heide and Koolen,
/// "Safe testing", JRSS B 2024; for Bernoulli streams Turner, Ly and Grünwald, "Generic E-variables
/// for exact sequential k-sample tests that allow for optional stopping", JSPI 2024, and with a
/// linear effect size Turner and Grünwald, arXiv:2203.09785; there in blocks of fixed sizes, here in
/// seconds whose sizes are known before their outcomes): the point (q + δ, q) on the
/// boundary that minimises n4·KL(θ4‖q+δ) + n3·KL(θ3‖q), found by solving the 1-D first-order condition
/// n4(θ4 − q − δ)/((q+δ)(1−q−δ)) + n3(θ3 − q)/(q(1−q)) = 0 for q in (θ3, θ4 − δ).
/// </para>
/// <para>
/// Why it is an e-value for every (p4, p3) in H0: its expectation is g4(p4)^n4 · g3(p3)^n3 with
/// g(p) = p·θ/θ⁰ + (1−p)(1−θ)/(1−θ⁰) affine, g4 increasing (θ4 &gt; q + δ) and g3 decreasing (θ3 &lt; q),
/// so the supremum over H0 lies on the boundary p4 = p3 + δ, where the logarithm is concave in p3,
/// zero at p3 = q, and has zero derivative there by the choice of q: its maximum is 0. Because this
/// holds second by second, the product over seconds is a nonnegative supermartingale for any path
/// of (p4, p3) within H0 (a shared incident that raises both, a daily cycle), not only for constant
/// rates, and the nuisance p3 costs no fitted parameter. Requests fail independently given the
/// second's counts.
/// </para>
/// <para>
/// A second with v4 requests but no v4 errors never has an e-value above 1, whatever v3's count
/// (n4, n3 &gt; 0, δ ≥ 0), so a CUSUM that is at most 0 stays there through it. Each v3 error adds
/// ln(θ3/q) − ln((1−θ3)/(1−q)) &lt; 0 (θ3 &lt; q), so k3 = 0 is the largest case; with a = θ4 − q − δ &gt; 0,
/// b = q − θ3 &gt; 0 and ln(1 + x) ≤ x, ln e ≤ −n4·a/(1−q−δ) + n3·b/(1−q), and the first-order condition
/// n3·b/(q(1−q)) = n4·a/((q+δ)(1−q−δ)) turns the second term into n4·a·q/((q+δ)(1−q−δ)), so
/// ln e ≤ −n4·a·δ/((q+δ)(1−q−δ)) ≤ 0.
/// </para>
/// </summary>
internal static class RelativeProjection
{
    /// <summary>q, the v3 rate of the projection; the v4 rate is q + δ.</summary>
    public static double Solve(double theta4, double theta3, long n4, long n3, double margin)
    {
        var low = theta3;
        var high = theta4 - margin;
        if (n3 == 0)
        {
            return high;
        }

        if (n4 == 0)
        {
            return low;
        }

        // Start from the Fisher-weighted mean of the two unconstrained answers.
        var w4 = n4 / (theta4 * (1 - theta4));
        var w3 = n3 / (theta3 * (1 - theta3));
        var q = ((w4 * high) + (w3 * low)) / (w4 + w3);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var (f, slope) = Condition(q, theta4, theta3, n4, n3, margin);
            if (f > 0)
            {
                low = q;
            }
            else
            {
                high = q;
            }

            var next = q - (f / slope);
            if (Math.Abs(next - q) <= 1e-15 * Math.Max(q, 1e-300))
            {
                return next; // converged (tested before the bracket: a step below an ulp lands on its edge)
            }

            if (!(next > low && next < high))
            {
                next = (low + high) / 2; // Newton left the bracket: bisect
            }

            if (high - low <= 1e-15 * high)
            {
                return next;
            }

            q = next;
        }

        return q;
    }

    /// <summary>ln of the second's e-value for alternative (θ4, θ3), θ4 &gt; θ3 + δ: <see cref="LogFactor"/> at <see cref="Solve"/>'s projection.</summary>
    public static double LogEValue(long k4, long n4, long k3, long n3, double theta4, double theta3, double margin) =>
        LogFactor(k4, n4, k3, n3, theta4, theta3, Solve(theta4, theta3, n4, n3, margin), margin);

    /// <summary>ln of the second's e-value for alternative (θ4, θ3) against the projection (q + δ, q).</summary>
    public static double LogFactor(long k4, long n4, long k3, long n3, double theta4, double theta3, double q, double margin)
    {
        var null4 = q + margin;
        var value = 0.0;
        if (n4 > 0)
        {
            value += (k4 * Math.Log(theta4 / null4)) + ((n4 - k4) * Math.Log((1 - theta4) / (1 - null4)));
        }

        if (n3 > 0)
        {
            value += (k3 * Math.Log(theta3 / q)) + ((n3 - k3) * Math.Log((1 - theta3) / (1 - q)));
        }

        return value;
    }

    /// <summary>The first-order condition and its derivative in q (the condition is decreasing in q).</summary>
    private static (double Value, double Slope) Condition(double q, double theta4, double theta3, long n4, long n3, double margin)
    {
        var p4 = q + margin;
        var v4 = p4 * (1 - p4);
        var v3 = q * (1 - q);
        var value = (n4 * (theta4 - p4) / v4) + (n3 * (theta3 - q) / v3);
        var slope = -(n4 * (((p4 - theta4) * (p4 - theta4)) + (theta4 * (1 - theta4))) / (v4 * v4))
                    - (n3 * (((q - theta3) * (q - theta3)) + (theta3 * (1 - theta3))) / (v3 * v3));
        return (value, slope);
    }
}
