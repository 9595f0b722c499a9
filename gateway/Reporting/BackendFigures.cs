using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Reporting;

/// <summary>One backend's figures over a step: attempts it is accountable for, errors (5xx and proxy errors), error rate and p95.</summary>
/// <param name="P95Ms">Estimated from the latency histogram; 0 without requests.</param>
internal sealed record BackendFigures(long Requests, long Errors, double ErrorPercent, double P95Ms)
{
    public static BackendFigures None { get; } = new(0, 0, 0, 0);

    public static BackendFigures From(long requests, long errors, long[] latency)
    {
        var byKind = new long[OutcomeKinds.Count];
        byKind[(int)OutcomeKind.Success] = requests - errors;
        byKind[(int)OutcomeKind.ServerError] = errors;
        var stats = new WindowStats(byKind, 0, latency);
        return new BackendFigures(requests, errors, Math.Round(stats.ErrorRate * 100, 3), Math.Round(stats.P95Ms, 3));
    }
}
