namespace Strangler.Contract.Tests.Targets;

/// <summary>A feature's shadow tally as <c>GET /admin/status</c> shows it.</summary>
public sealed record ShadowCounts(long Compared, long V4Errors, long Skipped);
