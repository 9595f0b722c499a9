namespace Strangler.GuardCalibration;

/// <summary>Exact binomial and Poisson probabilities (log space), for intervals and feasibility bounds.</summary>
internal static class Exact
{
    public static double LogChoose(long n, long k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    public static double BinomialLogPmf(long k, long n, double p) =>
        p <= 0 ? (k == 0 ? 0 : double.NegativeInfinity)
        : p >= 1 ? (k == n ? 0 : double.NegativeInfinity)
        : LogChoose(n, k) + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p));

    public static double BinomialCdf(long k, long n, double p)
    {
        var sum = 0.0;
        for (var i = 0L; i <= k; i++)
        {
            sum += Math.Exp(BinomialLogPmf(i, n, p));
        }

        return Math.Min(1, sum);
    }

    private static readonly double[] LogFactorials = BuildLogFactorials(1 << 20);

    public static double LogFactorial(long n) => LogFactorials[n];

    public static double PoissonLogPmf(long k, double mean) => mean == 0 ? (k == 0 ? 0 : double.NegativeInfinity) : -mean + (k * Math.Log(mean)) - LogFactorial(k);

    private static double[] BuildLogFactorials(int size)
    {
        var table = new double[size];
        for (var i = 2; i < size; i++)
        {
            table[i] = table[i - 1] + Math.Log(i);
        }

        return table;
    }
}
