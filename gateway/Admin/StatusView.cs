using Strangler.Gateway.Guard;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Admin;

/// <summary>Maps configuration status, runtime state and guard verdicts onto the status response (pure).</summary>
internal static class StatusView
{
    public static StatusResponse From(
        ConfigStatus status,
        IReadOnlyDictionary<string, FeatureRuntimeState> states,
        StateView state,
        bool observe,
        Func<string, (GuardVerdict Verdict, DateTimeOffset At)?> guard)
    {
        var snapshot = status.Active?.Snapshot;
        return new StatusResponse(
            snapshot?.ShortRevision,
            snapshot?.SourcePath,
            status.AppliedAt,
            status.Applied,
            status.Rejected,
            status.CurrentError is { } error
                ? new ConfigErrorView(
                    Short(error.ContentHash),
                    error.At,
                    error.Errors.Select(e => new ConfigProblemView(e.File, e.Line, e.Column, e.JsonPath, e.Message)).ToArray())
                : null,
            state,
            snapshot is null
                ? null
                : new BackendsView(
                    snapshot.Backends.V3.Destinations.Select(d => d.ToString()).ToArray(),
                    snapshot.Backends.V4.Destinations.Select(d => d.ToString()).ToArray()),
            observe,
            snapshot?.Features
                .Where(f => states.ContainsKey(f.Name))
                .Select(f => new FeatureStatusView(
                    f.Name,
                    f.Description,
                    f.Routes.Select(r => new RouteView(r.Path, r.V4Path)).ToArray(),
                    f.Cohort,
                    f.AlwaysV4.Count,
                    f.NeverV4.Count,
                    Short(f.Revision)!,
                    new DesiredView(
                        f.Stage.ToString().ToLowerInvariant(),
                        RuntimeTransitions.FilePercentage(f).Value,
                        f.AutoAdvance,
                        f.MaxPercentage.Value,
                        f.Steps.Select(s => s.Value).ToArray()),
                    EffectiveView.From(states[f.Name]),
                    guard(f.Name) is { } latest ? GuardView.From(latest.Verdict, latest.At, states[f.Name]) : null))
                .ToArray() ?? []);
    }

    private static string? Short(string? hash) => hash?[..Math.Min(12, hash.Length)];
}
