using Strangler.Bucketing;
using Strangler.Gateway.Guard;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Admin;

/// <summary>Maps configuration status, runtime state and guard verdicts onto the status response (pure).</summary>
internal static class StatusView
{
    /// <param name="selected">The features to describe (all of them, one, or a page).</param>
    public static StatusResponse From(
        RolloutView view,
        IEnumerable<FeatureView> selected,
        StateView state,
        bool observe,
        Func<string, (GuardVerdict Verdict, DateTimeOffset At)?> guard,
        FleetStatusView? fleet = null)
    {
        var snapshot = view.Snapshot;
        var status = view.Config;
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
            view.Features.Length,
            selected.Select(v => Feature(v, guard)).ToArray(),
            fleet,
            ConfigHistory: status.Recent);
    }

    private static FeatureStatusView Feature(FeatureView view, Func<string, (GuardVerdict Verdict, DateTimeOffset At)?> guard)
    {
        var f = view.File;
        return new FeatureStatusView(
            f.Name,
            f.Description,
            f.Routes.Select(r => new RouteView(r.Path, r.V4Path)).ToArray(),
            f.Cohort,
            f.AlwaysV4.Count,
            f.NeverV4.Count,
            Short(f.Revision)!,
            new DesiredView(
                f.Stage.ToName(),
                RuntimeTransitions.FilePercentage(f).Value,
                f.AutoAdvance,
                f.MaxPercentage.Value,
                f.Steps.Select(s => s.Value).ToArray()),
            EffectiveView.From(view.State),
            guard(f.Name) is { } latest ? GuardView.From(latest.Verdict, latest.At, view.State) : null,
            ShadowView.From(view));
    }

    private static string? Short(string? hash) => hash?[..Math.Min(12, hash.Length)];
}
