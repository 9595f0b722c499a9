using System.Collections;
using System.Globalization;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The logging scope of a routed request: every event logged while it is proxied carries the
/// request id and the routing decision as properties.
/// </summary>
internal sealed class RequestLogScope(string requestId, RequestRouting routing) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 5;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", requestId),
        1 => new("Feature", routing.FeatureName),
        2 => new("Backend", routing.Backend),
        3 => new("Bucket", routing.Decision.Bucket),
        4 => new("Reason", routing.ReasonName),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"request {requestId}: {routing.FeatureName} -> {routing.Backend} ({routing.ReasonName})");
}
