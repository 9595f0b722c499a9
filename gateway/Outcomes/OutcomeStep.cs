using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Logging;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Outcomes;

/// <summary>
/// The proxy step around each attempt (inside failover, so a failed-over request records both):
/// classifies the outcome and records it in the feature's window for the guard (counted in the
/// second the attempt started), in the step's tally for the rollout report, in the metrics
/// instruments and in the access log's attempts. The window gets the attempt's latency less the time the gateway itself was stalled meanwhile
/// (<see cref="StallClock"/>): the guard judges the backend, and a stall of the gateway delays v3
/// and v4 alike. Metrics and the access log keep the latency the client saw. Requests no feature
/// claims count in the dashboard's unrouted window.
/// </summary>
internal sealed class OutcomeStep(GatewayMetrics metrics, AccessLog accessLog, IOptions<GatewayOptions> options, TimeProvider time, StallClock stalls, TrafficTally tally)
{
    private readonly bool _observe = options.Value.Observe;

    public Task InvokeAsync(HttpContext context, RequestDelegate next) =>
        _observe || accessLog.Enabled ? RecordAsync(context, next) : next(context);

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var attempts = context.Features.Get<ProxyAttempts>() ?? accessLog.Begin(context);
        var started = stalls.Clock.GetTimestamp();
        var stalledBefore = _observe ? stalls.Read() : 0;
        // The attempt's outcome counts in the second it started: an attempt begun before a revert is never evidence after it.
        var startedSecond = _observe ? time.GetUtcNow().ToUnixTimeSeconds() : 0;
        await next(context);
        var elapsed = stalls.Clock.GetElapsedTime(started);

        var routing = context.Features.GetRequiredFeature<RequestRouting>();
        var v4 = routing.UsesV4;
        var error = context.GetForwarderErrorFeature();
        var status = v4 && routing.V4FailedStatus is { } held ? held : context.Response.StatusCode;
        var kind = OutcomeClassifier.Classify(status, error?.Error ?? ForwarderError.None, error?.Exception, context.RequestAborted.IsCancellationRequested);
        attempts?.Add(routing.Backend, status, kind, elapsed);
        if (_observe)
        {
            var stalled = stalls.Between(stalledBefore, stalls.Read());
            var latency = (long)Math.Max(0, (elapsed - stalled).TotalMicroseconds);
            var window = routing.Route is null ? tally.Unrouted : routing.Windows?.For(v4);
            window?.Record(startedSecond, kind, status, latency);
            routing.Route?.Feature.Step.Record(v4, kind, latency);
            metrics.RecordAttempt(routing.FeatureName, routing.Backend, kind, status, elapsed.TotalSeconds);
        }
    }
}
