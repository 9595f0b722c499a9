namespace Strangler.Gateway.Admin;

/// <summary>POST /admin/features/{feature}/force.</summary>
internal sealed record ForceRequest(decimal? Percentage, string? Reason, string? Actor);

/// <summary>Body of pause, resume and rollback-all (optional).</summary>
internal sealed record ActionRequest(string? Reason, string? Actor);
