namespace Strangler.Gateway.Guard.Statistics.Sampling;

/// <summary>How many requests a simulated second holds, given a rate.</summary>
internal enum Arrivals
{
    /// <summary>Poisson with the rate as mean: independent users arriving at random.</summary>
    Poisson,

    /// <summary>The rate itself (a fractional part is a coin flip, so the mean is still the rate).</summary>
    Fixed,
}
