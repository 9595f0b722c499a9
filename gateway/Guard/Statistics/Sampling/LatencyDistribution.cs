using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Guard.Statistics.Sampling;

/// <summary>
/// A latency distribution over the gateway's <see cref="LatencyBuckets"/>, and a sampler of the
/// histogram of n requests from it: O(buckets with mass), not O(n), once n is large (a multinomial
/// drawn as a chain of binomials, most probable bucket first), and an alias-table draw per request
/// while n is small. Immutable; sampling uses the caller's random. (With Poisson arrivals,
/// <see cref="SecondSampler"/> is cheaper still.)
/// </summary>
internal sealed class LatencyDistribution
{
    /// <summary>Buckets whose probability is below this are dropped (and the rest renormalised).</summary>
    private const double NegligibleMass = 1e-13;

    private readonly int[] _buckets;        // buckets with mass, most probable first
    private readonly double[] _conditional; // P(bucket j | not in buckets before j), for the chain
    private readonly AliasTable _alias;

    private LatencyDistribution(double[] probabilities)
    {
        var total = probabilities.Where(p => p >= NegligibleMass).Sum();
        _buckets = [.. Enumerable.Range(0, probabilities.Length).Where(i => probabilities[i] >= NegligibleMass).OrderByDescending(i => probabilities[i])];
        if (_buckets.Length == 0)
        {
            throw new ArgumentException("The distribution puts no mass on any latency bucket.", nameof(probabilities));
        }

        Probabilities = [.. probabilities.Select(p => p >= NegligibleMass ? p / total : 0)];
        _conditional = new double[_buckets.Length];
        var remaining = 1.0;
        for (var j = 0; j < _buckets.Length; j++)
        {
            var p = Probabilities[_buckets[j]];
            _conditional[j] = j == _buckets.Length - 1 ? 1 : Math.Min(1, p / remaining);
            remaining -= p;
        }

        _alias = new AliasTable([.. _buckets.Select(i => Probabilities[i])]);
        SmallSampleLimit = Math.Max(4, _buckets.Length / 2);
    }

    /// <summary>Probability of each of the <see cref="LatencyBuckets.Count"/> buckets.</summary>
    public IReadOnlyList<double> Probabilities { get; }

    /// <summary>Up to this many requests a histogram is drawn one request at a time (cheaper than the chain).</summary>
    public int SmallSampleLimit { get; }

    /// <summary>
    /// A log-normal latency with the given 95th percentile and log-scale spread σ (median = p95·e^(−1.645σ)),
    /// as recorded by the gateway: whole microseconds, so a latency x lands in the bucket holding ⌊x⌋.
    /// </summary>
    public static LatencyDistribution LogNormal(double p95Milliseconds, double sigma = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(p95Milliseconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        const double Z95 = 1.6448536269514722;
        var mu = Math.Log(p95Milliseconds * 1000) - (Z95 * sigma);
        double Cdf(double micros) => micros <= 0 ? 0 : double.IsPositiveInfinity(micros) ? 1 : StandardNormal.Cdf((Math.Log(micros) - mu) / sigma);

        var probabilities = new double[LatencyBuckets.Count];
        for (var i = 0; i < LatencyBuckets.Count; i++)
        {
            probabilities[i] = Math.Max(0, Cdf(LatencyBuckets.UpperBound(i)) - Cdf(LatencyBuckets.LowerBound(i)));
        }

        return new LatencyDistribution(probabilities);
    }

    /// <summary>Every request in one bucket: the one holding the given latency.</summary>
    public static LatencyDistribution Fixed(long microseconds)
    {
        var probabilities = new double[LatencyBuckets.Count];
        probabilities[LatencyBuckets.Index(microseconds)] = 1;
        return new LatencyDistribution(probabilities);
    }

    /// <summary>P(latency lands in a bucket at or above the given one).</summary>
    public double MassFrom(int bucket) => Probabilities.Skip(bucket).Sum();

    /// <summary>The buckets with mass, most probable first.</summary>
    public ReadOnlySpan<int> BucketsWithMass => _buckets;

    /// <summary>Adds the latencies of <paramref name="requests"/> requests to <paramref name="histogram"/> (one count per bucket).</summary>
    public void Sample(SimulationRandom random, long requests, Span<long> histogram)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        if (histogram.Length < LatencyBuckets.Count)
        {
            throw new ArgumentException($"A histogram needs {LatencyBuckets.Count} buckets.", nameof(histogram));
        }

        if (requests <= SmallSampleLimit)
        {
            for (var r = 0; r < requests; r++)
            {
                histogram[_buckets[_alias.Sample(random)]]++;
            }

            return;
        }

        var left = requests;
        for (var j = 0; j < _buckets.Length && left > 0; j++)
        {
            var drawn = _conditional[j] >= 1 ? left : BinomialSampler.Sample(random, left, _conditional[j]);
            histogram[_buckets[j]] += drawn;
            left -= drawn;
        }
    }
}
