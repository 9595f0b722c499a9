namespace Strangler.Gateway.Guard.Statistics.Sampling;

/// <summary>ln(k!) for the samplers' rejection tests: a table up to 1023, Stirling's series beyond (error below 1e-17 there).</summary>
internal static class LogFactorial
{
    private const int TableSize = 1024;
    private static readonly double[] Table = Build();

    public static double Of(long k)
    {
        if (k < TableSize)
        {
            return Table[k];
        }

        // ln Γ(x) for x = k + 1 by Stirling's series.
        var x = (double)k + 1;
        var inv = 1 / x;
        var inv2 = inv * inv;
        return ((x - 0.5) * Math.Log(x)) - x + 0.91893853320467274178 + (inv * ((1.0 / 12) - (inv2 * ((1.0 / 360) - (inv2 / 1260)))));
    }

    private static double[] Build()
    {
        var table = new double[TableSize];
        for (var k = 2; k < TableSize; k++)
        {
            table[k] = table[k - 1] + Math.Log(k);
        }

        return table;
    }
}
