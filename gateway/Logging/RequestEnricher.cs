using Serilog.Core;
using Serilog.Events;
using Strangler.Bucketing;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Logging;

/// <summary>
/// Puts the request id and the routing decision on every event logged while a public request is
/// handled (YARP's forwarding errors, the gateway's own warnings), read from the request's
/// <see cref="RequestRouting"/> when an event is written: nothing runs per request unless something
/// is logged. A logging scope per request cost two execution-context writes, two objects and an
/// async frame on every request (docs/benchmarks.md); the hosting layer's current-request accessor
/// would have cost a fresh HttpContext per request (it turns off their reuse). Properties the
/// event already has (the access log's own) are kept.
/// </summary>
internal sealed class RequestEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (RequestRouting.Current is not { } routing)
        {
            return; // not a public request (start-up, the guard loop, the management port)
        }

        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("RequestId", routing.RequestId));
        if (routing.Route is null)
        {
            return; // no feature claims it, or it is not decided yet
        }

        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("Feature", routing.FeatureName));
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("Backend", routing.Backend));
        if (routing.Decision.Bucket != RolloutDecision.NoBucket)
        {
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("Bucket", routing.Decision.Bucket));
        }

        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("Reason", routing.ReasonName));
    }
}
