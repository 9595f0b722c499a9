using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Webhooks;

/// <summary>The JSON body of a config_rejected delivery: the errors as /admin/status shows them.</summary>
/// <param name="Revision">Short content hash of the rejected file (null when it could not be read).</param>
internal sealed record ConfigRejectedBody(
    string Kind,
    DateTimeOffset At,
    string Gateway,
    string? Revision,
    IReadOnlyList<ConfigProblemView> Errors);
