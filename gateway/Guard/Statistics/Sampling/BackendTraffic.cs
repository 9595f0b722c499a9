namespace Strangler.Gateway.Guard.Statistics.Sampling;

/// <summary>
/// One backend's synthetic traffic: each request fails independently with <paramref name="ErrorRate"/>
/// and takes a latency drawn from <paramref name="Latency"/> (independently of failing). The rate is
/// chosen per <see cref="At"/>, because it follows the rollout percentage while a simulation runs.
/// </summary>
internal sealed record BackendTraffic(Arrivals Arrivals, double ErrorRate, LatencyDistribution Latency)
{
    /// <summary>A sampler of seconds at this rate (build once per rate: it precomputes tables).</summary>
    public SecondSampler At(double requestsPerSecond) => new(this, requestsPerSecond);
}
