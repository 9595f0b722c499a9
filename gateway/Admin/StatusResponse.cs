namespace Strangler.Gateway.Admin;

/// <summary>GET /admin/status: the configuration in force, per feature, and the configuration's health.</summary>
internal sealed record StatusResponse(
    string? Revision,
    string? RolloutFile,
    DateTimeOffset? AppliedAt,
    long ReloadsApplied,
    long ReloadsRejected,
    ConfigErrorView? ConfigError,
    BackendsView? Backends,
    IReadOnlyList<FeatureStatusView> Features);

internal sealed record BackendsView(IReadOnlyList<string> V3, IReadOnlyList<string> V4);

internal sealed record FeatureStatusView(
    string Name,
    string Stage,
    decimal Percentage,
    string Cohort,
    IReadOnlyList<RouteView> Routes,
    int AlwaysV4Count,
    int NeverV4Count,
    string Revision);

internal sealed record RouteView(string Path, string V4Path);

/// <summary>The newest revision on disk was rejected; the previous one keeps serving.</summary>
internal sealed record ConfigErrorView(string? Revision, DateTimeOffset At, IReadOnlyList<ConfigProblemView> Errors);

internal sealed record ConfigProblemView(string File, int Line, int Column, string Path, string Message);
