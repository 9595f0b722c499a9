namespace Strangler.Gateway.Tests.Guard.Statistics.Sampling;

/// <summary>
/// Pearson's χ² test of observed counts against expected ones, for the samplers' tests. The
/// samplers are seeded, so a test either always passes or always fails; the critical value at
/// p = 1e-6 makes a failure mean a wrong distribution, not bad luck of one seed.
/// </summary>
internal static class GoodnessOfFit
{
    /// <summary>z of the upper 1e-6 tail of the standard normal.</summary>
    private const double Z = 4.753424308822899;

    /// <summary>Fails unless the observed counts fit the expected probabilities (cells with expected &lt; 5 pooled).</summary>
    public static void AssertFits(IReadOnlyList<long> observed, IReadOnlyList<double> probabilities, string what)
    {
        var total = observed.Sum();
        var cells = new List<(double Observed, double Expected)>();
        double o = 0, e = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            o += observed[i];
            e += probabilities[i] * total;
            if (e >= 5)
            {
                cells.Add((o, e));
                o = 0;
                e = 0;
            }
        }

        if (cells.Count == 0)
        {
            throw new InvalidOperationException("Too few expected counts for a χ² test.");
        }

        // Pool what is left into the last cell.
        var last = cells[^1];
        cells[^1] = (last.Observed + o, last.Expected + e);
        var statistic = cells.Sum(c => (c.Observed - c.Expected) * (c.Observed - c.Expected) / c.Expected);
        var dof = Math.Max(1, cells.Count - 1);
        var critical = CriticalValue(dof);
        Assert.True(
            statistic <= critical,
            $"{what}: χ² = {statistic:0.0} on {dof} degrees of freedom exceeds {critical:0.0}, its 1e-6 critical value: the draws do not follow the distribution.");
    }

    /// <summary>Wilson–Hilferty approximation of the χ² quantile (ample for a 1e-6 threshold).</summary>
    private static double CriticalValue(int dof)
    {
        var k = (double)dof;
        var a = 2 / (9 * k);
        return k * Math.Pow(1 - a + (Z * Math.Sqrt(a)), 3);
    }
}
