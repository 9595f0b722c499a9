using Strangler.Gateway.Events;

namespace Strangler.Gateway.Webhooks;

/// <summary>The kinds a webhook can ask for: every rollout event kind, and rejected rollout.json revisions.</summary>
internal static class WebhookKinds
{
    /// <summary>A rollout.json revision was rejected; the one in force keeps serving.</summary>
    public const string ConfigRejected = "config_rejected";

    public static readonly IReadOnlyList<string> All =
    [
        EventKinds.Revert, EventKinds.Advance, EventKinds.Force, EventKinds.Pause, EventKinds.Resume,
        EventKinds.RollbackAll, EventKinds.Inconclusive, EventKinds.ParityFailing, ConfigRejected,
    ];

    /// <summary>The configured entries as kinds (comma-separated entries split, blanks dropped).</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string> entries) =>
        entries.SelectMany(e => e.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToArray();
}
