using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Tests.Guard;

/// <summary>
/// Drives the pure guard second by second with synthetic traffic, the way the guard service does:
/// windows fed per second, fast and full snapshots, memory carried, reverts applied.
/// </summary>
internal sealed class GuardSimulation(decimal percentage, GuardPolicy? policy = null)
{
    private readonly OutcomeWindow _v4 = new(60);
    private readonly OutcomeWindow _v3 = new(60);
    private GuardMemory _memory;
    private long _evidenceSince = long.MinValue;

    public long Second { get; private set; } = 1_000_000;

    public Percentage Percentage { get; private set; } = Bucketing.Percentage.FromPercent(percentage);

    public GuardPolicy Policy { get; } = policy ?? BuiltInDefaults.Guard;

    public ImmutableArray<Percentage> Steps { get; init; } = BuiltInDefaults.Steps;

    public List<(long Second, GuardVerdict Verdict)> Verdicts { get; } = [];

    public List<(long Second, Percentage To)> Reverts { get; } = [];

    /// <summary>Simulates one second of traffic, then one guard evaluation at its end.</summary>
    public GuardVerdict Tick(int v4Requests, double v4ErrorRate, int v3Requests = 0, double v3ErrorRate = 0, long latencyMicros = 20_000)
    {
        Feed(_v4, v4Requests, v4ErrorRate, latencyMicros);
        Feed(_v3, v3Requests, v3ErrorRate, latencyMicros);
        var verdict = GuardEvaluator.Evaluate(new GuardInput(
            Policy,
            Steps,
            Percentage == Bucketing.Percentage.Hundred ? RolloutStage.Full : RolloutStage.Partial,
            Percentage,
            _v4.Snapshot(Second, 60, _evidenceSince),
            _v4.Snapshot(Second, GuardEvaluator.FastWindowSeconds, _evidenceSince),
            _v3.Snapshot(Second, 60, _evidenceSince),
            _v3.Snapshot(Second, GuardEvaluator.FastWindowSeconds, _evidenceSince),
            _memory));
        _memory = verdict.Memory;
        Verdicts.Add((Second, verdict));
        if (verdict.RevertTo is { } target && target < Percentage)
        {
            Reverts.Add((Second, target));
            Percentage = target;
            _evidenceSince = Second + 1;
            _memory = GuardMemory.Fresh;
        }

        Second++;
        return verdict;
    }

    /// <summary>v4 traffic at the current share of a total rate: a reverted feature gets less (or no) v4 traffic.</summary>
    public int V4Share(int totalPerSecond) => (int)(totalPerSecond * (double)Percentage.Value / 100);

    private void Feed(OutcomeWindow window, int requests, double errorRate, long latencyMicros)
    {
        var errors = (int)Math.Round(requests * errorRate);
        for (var i = 0; i < requests; i++)
        {
            // Spread errors evenly through the second.
            var failed = errors > 0 && i % Math.Max(1, requests / errors) == 0 && errors-- > 0;
            window.Record(Second, failed ? OutcomeKind.ServerError : OutcomeKind.Success, failed ? 500 : 200, latencyMicros);
        }
    }
}
