using Strangler.Gateway.Guard.Statistics;

namespace Strangler.Gateway.Tests.Guard.Statistics;

public sealed class RelativeProjectionTests
{
    public static TheoryData<double, double, long, long, double> Cases => new()
    {
        { 0.04, 0.01, 20, 180, 0.01 },
        { 0.04, 0.01, 20, 180, 0.02 },
        { 0.30, 0.05, 3, 1, 0.01 },
        { 0.12, 0.02, 500, 500, 0.03 },
        { 0.9, 0.1, 7, 40, 0.2 },
    };

    /// <summary>Seconds small enough to sum every outcome.</summary>
    public static TheoryData<double, double, long, long, double> SmallCases => new()
    {
        { 0.04, 0.01, 20, 180, 0.01 },
        { 0.04, 0.01, 20, 180, 0.02 },
        { 0.30, 0.05, 3, 1, 0.01 },
        { 0.9, 0.1, 7, 40, 0.2 },
        { 0.2, 0.01, 60, 60, 0.05 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_projection_minimises_the_weighted_divergence_along_the_boundary_found_by_a_fine_grid_search(double theta4, double theta3, long n4, long n3, double margin)
    {
        var q = RelativeProjection.Solve(theta4, theta3, n4, n3, margin);
        double Divergence(double x) => (n4 * Kl(theta4, x + margin)) + (n3 * Kl(theta3, x));

        // A grid of 100 000 points over the whole feasible range of q, then one as fine around the best.
        var (best, bestValue) = GridMinimum(Divergence, 0, 1 - margin);
        var width = (1 - margin) / 50_000;
        (best, bestValue) = GridMinimum(Divergence, Math.Max(0, best - width), Math.Min(1 - margin, best + width));

        Assert.Equal(best, q, 1e-8);
        Assert.True(Divergence(q) <= bestValue + 1e-12, $"the solver's point {q} is worse than the grid's {best}");
        Assert.InRange(q, theta3, theta4 - margin);
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void The_per_second_e_value_has_expectation_at_most_one_everywhere_in_the_null(double theta4, double theta3, long n4, long n3, double margin)
    {
        var q = RelativeProjection.Solve(theta4, theta3, n4, n3, margin);
        var factors = new double[n4 + 1, n3 + 1];
        for (var k4 = 0; k4 <= n4; k4++)
        {
            for (var k3 = 0; k3 <= n3; k3++)
            {
                factors[k4, k3] = Math.Exp(RelativeProjection.LogFactor(k4, n4, k3, n3, theta4, theta3, q, margin));
            }
        }

        var worst = 0.0;
        for (var p3 = 0.0; p3 <= 1 + 1e-9; p3 += 0.005)
        {
            var pmf3 = Pmf(n3, Math.Min(1, p3));
            foreach (var p4 in new[] { Math.Min(1, p3 + margin), p3, p3 / 2, 0 })
            {
                // Exact expectation by summing over every outcome of the second.
                var pmf4 = Pmf(n4, Math.Min(1, p4));
                var expectation = 0.0;
                for (var k4 = 0; k4 <= n4; k4++)
                {
                    for (var k3 = 0; k3 <= n3; k3++)
                    {
                        expectation += pmf4[k4] * pmf3[k3] * factors[k4, k3];
                    }
                }

                worst = Math.Max(worst, expectation);
                Assert.True(expectation <= 1 + 1e-9, $"E[e] = {expectation} > 1 at p4 = {p4}, p3 = {p3}");
            }
        }

        Assert.True(worst > 0.999, $"the largest expectation in the null is {worst}: it should reach 1 at the projection");
    }

    public static TheoryData<double, double, long, long, double> NoErrorCases => new()
    {
        { 0.0225, 0.01, 5, 45, 0.01 },
        { 0.21, 0.01, 5, 45, 0.01 },
        { 0.06, 0.04, 200, 1800, 0.01 },
        { 0.30, 0.05, 3, 1, 0.01 },
        { 0.9, 0.1, 7, 40, 0.2 },
        { 0.2, 0.01, 60, 60, 0 },
        { 0.5, 0.3, 1, 500, 0.05 },
    };

    [Theory]
    [MemberData(nameof(NoErrorCases))]
    public void A_second_without_v4_errors_never_has_an_e_value_above_one_whatever_v3_shows(double theta4, double theta3, long n4, long n3, double margin)
    {
        // What lets the relative detector skip such seconds while its CUSUMs are at or below 0.
        var q = RelativeProjection.Solve(theta4, theta3, n4, n3, margin);
        for (var k3 = 0L; k3 <= n3; k3++)
        {
            var value = RelativeProjection.LogFactor(0, n4, k3, n3, theta4, theta3, q, margin);
            Assert.True(value <= 1e-12, $"ln e = {value} with no v4 error and {k3} of {n3} v3 errors");
        }

        // The bound of the argument, −n4·a·δ/((q+δ)(1−q−δ)) with a = θ4 − q − δ, holds at k3 = 0.
        var p = q + margin;
        var bound = -n4 * (theta4 - p) * margin / (p * (1 - p));
        Assert.True(RelativeProjection.LogFactor(0, n4, 0, n3, theta4, theta3, q, margin) <= bound + 1e-12);

        // Not vacuous: with v4 errors the same second can be above 1.
        Assert.True(RelativeProjection.LogFactor(n4, n4, 0, n3, theta4, theta3, q, margin) > 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_log_e_value_is_the_factor_at_the_projection(double theta4, double theta3, long n4, long n3, double margin)
    {
        var q = RelativeProjection.Solve(theta4, theta3, n4, n3, margin);
        Assert.Equal(RelativeProjection.LogFactor(1, n4, 2, n3, theta4, theta3, q, margin), RelativeProjection.LogEValue(1, n4, 2, n3, theta4, theta3, margin), 1e-15);
    }

    [Fact]
    public void The_per_second_e_value_grows_at_the_alternative()
    {
        // E[ln e] under the alternative itself is the weighted divergence from the projection: positive.
        const double Theta4 = 0.04, Theta3 = 0.01, Margin = 0.01;
        const long N4 = 20, N3 = 180;
        var q = RelativeProjection.Solve(Theta4, Theta3, N4, N3, Margin);
        var pmf4 = Pmf(N4, Theta4);
        var pmf3 = Pmf(N3, Theta3);
        var growth = 0.0;
        for (var k4 = 0; k4 <= N4; k4++)
        {
            for (var k3 = 0; k3 <= N3; k3++)
            {
                growth += pmf4[k4] * pmf3[k3] * RelativeProjection.LogFactor(k4, N4, k3, N3, Theta4, Theta3, q, Margin);
            }
        }

        var divergence = (N4 * Kl(Theta4, q + Margin)) + (N3 * Kl(Theta3, q));
        Assert.Equal(divergence, growth, 1e-9);
        Assert.True(growth > 0.1);
    }

    private static (double X, double Value) GridMinimum(Func<double, double> f, double from, double to)
    {
        const int Points = 100_000;
        var best = (X: from, Value: double.PositiveInfinity);
        for (var i = 1; i < Points; i++)
        {
            var x = from + ((to - from) * i / Points);
            var value = f(x);
            if (value < best.Value)
            {
                best = (x, value);
            }
        }

        return best;
    }

    private static double[] Pmf(long n, double p) => [.. Enumerable.Range(0, (int)n + 1).Select(k => BinomialPmf(k, n, p))];

    private static double Kl(double a, double b) =>
        (a == 0 ? 0 : a * Math.Log(a / b)) + (a == 1 ? 0 : (1 - a) * Math.Log((1 - a) / (1 - b)));

    private static double BinomialPmf(long k, long n, double p)
    {
        if (p == 0)
        {
            return k == 0 ? 1 : 0;
        }

        if (p == 1)
        {
            return k == n ? 1 : 0;
        }

        var logChoose = 0.0;
        for (var i = 1; i <= k; i++)
        {
            logChoose += Math.Log(n - k + i) - Math.Log(i);
        }

        return Math.Exp(logChoose + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p)));
    }
}
