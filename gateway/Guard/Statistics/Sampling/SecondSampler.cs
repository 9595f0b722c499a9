using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Guard.Statistics.Sampling;

/// <summary>
/// Draws whole seconds of one backend's traffic at one rate: the request count, the error count
/// (binomial given the requests) and the latency histogram, in time independent of the rate.
/// <para>
/// With Poisson arrivals the histogram's buckets are independent Poisson counts with means
/// rate·P(bucket) (splitting a Poisson process), and the request count is their sum, so each bucket
/// expected to hold at least one request takes one alias-table draw, and the rare buckets are pooled:
/// one draw for how many requests land in any of them, one more per such request for which. Exact up
/// to the 1e-17 tails the Poisson tables drop. With fixed arrivals it is a multinomial draw
/// (<see cref="LatencyDistribution.Sample"/>). Immutable: one instance serves every thread.
/// </para>
/// </summary>
internal sealed class SecondSampler
{
    private const double DenseMean = 1;

    private readonly BackendTraffic _traffic;
    private readonly int[] _dense = [];
    private readonly AliasTable[] _denseCounts = [];
    private readonly int[] _sparse = [];
    private readonly AliasTable? _sparseCount;
    private readonly AliasTable? _sparseBucket;

    internal SecondSampler(BackendTraffic traffic, double requestsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requestsPerSecond);
        _traffic = traffic;
        RequestsPerSecond = requestsPerSecond;
        if (traffic.Arrivals != Arrivals.Poisson || requestsPerSecond == 0)
        {
            return;
        }

        var buckets = traffic.Latency.BucketsWithMass.ToArray();
        var p = traffic.Latency.Probabilities;
        _dense = [.. buckets.Where(b => requestsPerSecond * p[b] >= DenseMean)];
        _denseCounts = [.. _dense.Select(b => AliasTable.Poisson(requestsPerSecond * p[b]))];
        _sparse = [.. buckets.Where(b => requestsPerSecond * p[b] < DenseMean)];
        if (_sparse.Length > 0)
        {
            var weights = _sparse.Select(b => p[b]).ToArray();
            _sparseCount = AliasTable.Poisson(requestsPerSecond * weights.Sum());
            _sparseBucket = new AliasTable(weights);
        }
    }

    public double RequestsPerSecond { get; }

    /// <summary>Draws one second into <paramref name="histogram"/> (overwritten) and returns its counts.</summary>
    public SecondCounts Sample(SimulationRandom random, Span<long> histogram)
    {
        histogram[..LatencyBuckets.Count].Clear();
        if (RequestsPerSecond == 0)
        {
            return default;
        }

        long requests;
        if (_traffic.Arrivals == Arrivals.Poisson)
        {
            // The generator's state in a local for the loops, so it stays in registers.
            var rng = random.State;
            requests = 0;
            for (var j = 0; j < _dense.Length; j++)
            {
                long count = _denseCounts[j].Sample(ref rng);
                histogram[_dense[j]] = count;
                requests += count;
            }

            if (_sparseCount is not null)
            {
                var rare = _sparseCount.Sample(ref rng);
                for (var r = 0; r < rare; r++)
                {
                    histogram[_sparse[_sparseBucket!.Sample(ref rng)]]++;
                }

                requests += rare;
            }

            random.State = rng;
        }
        else
        {
            var whole = Math.Floor(RequestsPerSecond);
            requests = (long)whole + (random.NextDouble() < RequestsPerSecond - whole ? 1 : 0);
            _traffic.Latency.Sample(random, requests, histogram);
        }

        return requests == 0 ? default : new SecondCounts(requests, BinomialSampler.Sample(random, requests, _traffic.ErrorRate));
    }
}
