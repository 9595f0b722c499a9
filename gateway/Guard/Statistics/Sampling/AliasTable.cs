using System.Runtime.CompilerServices;

namespace Strangler.Gateway.Guard.Statistics.Sampling;

/// <summary>
/// Walker's alias method (Vose's construction): draws an index with given weights from one uniform
/// in O(1). Immutable, so one table serves every thread.
/// </summary>
internal sealed class AliasTable
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    public AliasTable(ReadOnlySpan<double> weights)
    {
        var n = weights.Length;
        if (n == 0)
        {
            throw new ArgumentException("An alias table needs at least one weight.", nameof(weights));
        }

        var total = 0.0;
        foreach (var w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w))
            {
                throw new ArgumentException("Weights must be finite and nonnegative.", nameof(weights));
            }

            total += w;
        }

        if (total <= 0)
        {
            throw new ArgumentException("Weights must not all be 0.", nameof(weights));
        }

        _probability = new double[n];
        _alias = new int[n];
        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            _probability[s] = scaled[s];
            _alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }

        // What is left is 1 up to rounding.
        foreach (var i in large.Concat(small))
        {
            _probability[i] = 1;
            _alias[i] = i;
        }
    }

    public int Count => _alias.Length;

    public int Sample(SimulationRandom random) => Sample(ref random.State);

    /// <summary>A draw from a generator state held in a local (see <see cref="SimulationRandom.State"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(ref Xoshiro256 random)
    {
        var u = random.NextDouble() * _alias.Length;
        var column = (int)u;

        // Branch-free: the comparison is a coin flip that a branch would mispredict half the time.
        var keep = u - column < _probability[column] ? 1 : 0;
        return column + ((_alias[column] - column) & (keep - 1));
    }

    /// <summary>The probability the table draws index i (for tests).</summary>
    public double ProbabilityOf(int i)
    {
        var p = _probability[i];
        for (var j = 0; j < _alias.Length; j++)
        {
            if (_alias[j] == i && j != i)
            {
                p += 1 - _probability[j];
            }
        }

        return p / _alias.Length;
    }

    /// <summary>
    /// A table for Poisson(mean) over 0..K, with K the first count past the mean whose upper tail is
    /// below 1e-17 (bounded by the geometric series p_K·m/(K+1−m)): exact up to that truncation.
    /// </summary>
    public static AliasTable Poisson(double mean)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mean);
        if (mean == 0)
        {
            return new AliasTable([1.0]);
        }

        var weights = new List<double>();
        var logMean = Math.Log(mean);
        for (var k = 0L; ; k++)
        {
            var p = Math.Exp(-mean + (k * logMean) - LogFactorial.Of(k));
            weights.Add(p);
            if (k + 1 > mean + 1 && p * mean / (k + 1 - mean) < 1e-17)
            {
                break;
            }
        }

        return new AliasTable(weights.ToArray());
    }
}
