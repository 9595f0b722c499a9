using Strangler.Gateway.Rollout;

namespace Strangler.Gateway.Admin;

/// <summary>Maps the configuration status onto the status response (pure).</summary>
internal static class StatusView
{
    public static StatusResponse From(ConfigStatus status)
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
                    error.ContentHash?[..Math.Min(12, error.ContentHash.Length)],
                    error.At,
                    error.Errors.Select(e => new ConfigProblemView(e.File, e.Line, e.Column, e.JsonPath, e.Message)).ToArray())
                : null,
            snapshot is null
                ? null
                : new BackendsView(
                    snapshot.Backends.V3.Destinations.Select(d => d.ToString()).ToArray(),
                    snapshot.Backends.V4.Destinations.Select(d => d.ToString()).ToArray()),
            snapshot?.Features.Select(f => new FeatureStatusView(
                f.Name,
                f.Stage.ToString().ToLowerInvariant(),
                f.Percentage.Value,
                f.Cohort,
                f.Routes.Select(r => new RouteView(r.Path, r.V4Path)).ToArray(),
                f.AlwaysV4.Count,
                f.NeverV4.Count,
                f.Revision[..Math.Min(12, f.Revision.Length)])).ToArray() ?? []);
    }
}
