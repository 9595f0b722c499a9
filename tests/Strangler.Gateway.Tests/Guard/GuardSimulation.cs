using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Tests.Guard;

/// <summary>
/// Drives the pure guard second by second with synthetic traffic, the way the guard service does:
/// windows recorded per second, each completed second fed, memory carried, reverts applied
/// (evidence restarted, the critical rules' kept on a revert to the previous step).
/// </summary>
internal sealed class GuardSimulation(decimal percentage, GuardPolicy? policy = null)
{
    private readonly FeatureWindows _windows = new(60);
    private readonly EvidenceFeed _feed = new(60);
    private GuardMemory _memory;
    private long _evidenceSince = long.MinValue;

    public long Second { get; private set; } = 1_000_000;

    public Percentage Percentage { get; private set; } = Bucketing.Percentage.FromPercent(percentage);

    public GuardPolicy Policy { get; } = policy ?? BuiltInDefaults.Guard;

    public ImmutableArray<Percentage> Steps { get; init; } = BuiltInDefaults.Steps;

    public List<(long Second, GuardVerdict Verdict)> Verdicts { get; } = [];

    public List<(long Second, Percentage To)> Reverts { get; } = [];

    /// <summary>Simulates one second of traffic, then one guard evaluation once it is complete.</summary>
    public GuardVerdict Tick(int v4Requests, double v4ErrorRate, int v3Requests = 0, double v3ErrorRate = 0, long latencyMicros = 20_000)
    {
        Feed(_windows.V4, v4Requests, v4ErrorRate, latencyMicros);
        Feed(_windows.V3, v3Requests, v3ErrorRate, latencyMicros);
        var verdict = GuardEvaluator.Evaluate(new GuardInput(
            Policy,
            Steps,
            Percentage == Bucketing.Percentage.Hundred ? RolloutStage.Full : RolloutStage.Partial,
            Percentage,
            GuardEvaluator.RulesFor(Policy, Percentage),
            _feed.Next(_windows, _evidenceSince, Second),
            _windows.V4.Snapshot(Second, 60, _evidenceSince),
            _windows.V4.Snapshot(Second, GuardEvaluator.RecentSeconds, _evidenceSince),
            _windows.V3.Snapshot(Second, 60, _evidenceSince),
            _windows.V3.Snapshot(Second, GuardEvaluator.RecentSeconds, _evidenceSince)), ref _memory);
        Verdicts.Add((Second, verdict));
        if (verdict.RevertTo is { } target && target < Percentage)
        {
            Reverts.Add((Second, target));
            Percentage = target;
            _evidenceSince = Second + 1;
            _memory.Reset(keepCritical: target > Bucketing.Percentage.Zero);
            _feed.Reset();
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
