namespace Strangler.Gateway.Guard.Statistics;

/// <summary>A Bernoulli rule's view of one backend's evidence (log values in nats).</summary>
/// <param name="Rate">Observed rate since the evidence start.</param>
/// <param name="LogEValue">ln of the cumulative mixture e-value.</param>
/// <param name="LogThreshold">ln(1/α_c): the cumulative test crosses at this.</param>
/// <param name="DetectorStatistic">The change detector's statistic (−ln 12, its least, means no sign of a change).</param>
/// <param name="DetectorLogThreshold">The detector's current threshold.</param>
/// <param name="LowerBound">Anytime-valid lower confidence bound of the rate (matches the cumulative test).</param>
/// <param name="UpperBound">Anytime-valid upper confidence bound of the rate at the same α (at most the threshold: healthy).</param>
internal readonly record struct BernoulliReading(
    long Events,
    long Trials,
    double Rate,
    double LogEValue,
    double LogThreshold,
    double DetectorStatistic,
    double DetectorLogThreshold,
    double LowerBound,
    double UpperBound,
    Crossing Crossed);
