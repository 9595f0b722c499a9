using Microsoft.AspNetCore.Http;
using Serilog.Core;
using Serilog.Events;
using Strangler.Bucketing;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Logging;

/// <summary>
/// Puts the request id and the routing decision on every event logged while a public request is
/// handled (YARP's forwarding errors, the gateway's own warnings), read from the request when an
/// event is written: nothing runs per request unless something is logged. The request is found
/// through the hosting layer's current-request slot (<see cref="IHttpContextAccessor"/>, registered
/// by the gateway), one write per request; a logging scope per request cost two such writes, two
/// objects and an async frame, about 3 µs of every request (docs/benchmarks.md). Properties the
/// event already has (the access log's own) are kept.
/// </summary>
internal sealed class RequestEnricher : ILogEventEnricher
{
    // The slot is static in ASP.NET Core: any accessor reads the current request of the flow.
    private static readonly HttpContextAccessor Current = new();

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (Current.HttpContext is not { } http || http.Features.Get<RequestRouting>() is not { } routing)
        {
            return; // not a public request (start-up, the guard loop, the management port)
        }

        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("RequestId", http.TraceIdentifier));
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
