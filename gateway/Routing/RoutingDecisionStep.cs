using System.Diagnostics;
using Microsoft.FeatureManagement;
using Strangler.Bucketing.FeatureManagement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Identity;
using Strangler.Gateway.Logging;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.Outcomes;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The YARP pipeline step that picks v3 or v4: resolve the user, evaluate the feature through
/// FeatureManagement (whose filter runs the pure <see cref="Strangler.Bucketing.RolloutEvaluator"/>),
/// record the decision on the request, and move the request to the v4 cluster when chosen.
/// </summary>
internal sealed class RoutingDecisionStep(
    RolloutStore store,
    UserIdResolver users,
    IVariantFeatureManager features,
    IProxyStateLookup proxyState,
    OutcomeRegistry outcomes,
    GatewayMetrics metrics,
    AccessLog accessLog,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILoggerFactory loggers)
{
    // Its scope carries the request id and decision onto every event logged while proxying.
    private readonly ILogger _log = loggers.CreateLogger<RoutingDecisionStep>();
    private readonly bool _observe = options.Value.Observe;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var attempts = accessLog.Begin(context);
        var table = store.Current;
        var routeId = context.GetReverseProxyFeature().Route.Config.RouteId;
        if (table is null || !table.ByRouteId.TryGetValue(routeId, out var binding))
        {
            // A path no feature claims (or a route from a revision that was just replaced): v3,
            // unchanged; counted and logged as feature "(none)".
            var sent = Stopwatch.GetTimestamp();
            await next(context);
            if (_observe || attempts is not null)
            {
                RecordUnclaimed(context, attempts, Stopwatch.GetElapsedTime(sent));
            }

            return;
        }

        var userId = users.Resolve(context.Request, table.Identity);
        IssuedCookie? issued = null;
        var identity = table.Identity.Config;
        if (userId is null && identity.Anonymous == AnonymousPolicy.StickyCookie)
        {
            var cookie = context.Request.Cookies[identity.AnonymousCookieName];
            if (AnonymousId.IsWellFormed(cookie))
            {
                userId = cookie;
            }
            else
            {
                issued = new IssuedCookie(identity.AnonymousCookieName, AnonymousId.New(), identity.AnonymousCookieMaxAge);
                userId = issued.Value;
            }
        }

        var subject = new RolloutSubject(userId);
        await features.IsEnabledAsync(binding.Feature, subject, context.RequestAborted);
        var routing = new RoutingDecisionFeature(binding, subject)
        {
            IssuedAnonymousCookie = issued,
            FailoverEligible = subject.Decision.UseV4
                && table.Snapshot.FeaturesByName.TryGetValue(binding.Feature, out var feature)
                && feature.Failover
                && Failover.IsRetryable(context.Request),
        };
        context.Features.Set(routing);
        using var scope = _log.BeginScope(new RequestLogScope(context.TraceIdentifier, routing));

        if (routing.UsesV4 && proxyState.TryGetCluster(RouteTable.V4ClusterId, out var v4))
        {
            context.ReassignProxyRequest(v4);
        }

        // One attempt, and at most one retry on v3 when v4 failed before anything reached the client.
        // Every attempt is recorded in its backend's window: v4's failure counts even when failed over.
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var startedSecond = _observe ? time.GetUtcNow().ToUnixTimeSeconds() : 0;
            await next(context);
            if (_observe || attempts is not null)
            {
                Record(context, routing, attempts, startedSecond, Stopwatch.GetElapsedTime(started));
            }

            if (!routing.UsesV4
                || !routing.FailoverEligible
                || !Failover.V4Failed(context, routing)
                || !proxyState.TryGetCluster(RouteTable.V3ClusterId, out var v3))
            {
                return;
            }

            Failover.PrepareRetry(context, routing);
            if (_observe)
            {
                metrics.RecordFailover(binding.Feature);
            }

            context.ReassignProxyRequest(v3);
        }
    }

    /// <param name="startedSecond">When the attempt started: its outcome counts in that second, so an attempt begun before a revert is never evidence after it.</param>
    private void Record(HttpContext context, RoutingDecisionFeature routing, ProxyAttempts? attempts, long startedSecond, TimeSpan elapsed)
    {
        var error = context.GetForwarderErrorFeature();
        var status = routing.UsesV4 && routing.V4FailedStatus is { } held ? held : context.Response.StatusCode;
        var kind = OutcomeClassifier.Classify(status, error?.Error ?? ForwarderError.None, error?.Exception, context.RequestAborted.IsCancellationRequested);
        attempts?.Add(routing.Backend, status, kind, elapsed);
        if (_observe)
        {
            outcomes.Record(routing.Binding.Feature, routing.UsesV4, startedSecond, kind, status, (long)elapsed.TotalMicroseconds);
            metrics.RecordAttempt(routing.Binding.Feature, routing.Backend, kind, status, elapsed.TotalSeconds);
        }
    }

    /// <summary>Metrics and the access log only: no feature's guard window is concerned.</summary>
    private void RecordUnclaimed(HttpContext context, ProxyAttempts? attempts, TimeSpan elapsed)
    {
        var error = context.GetForwarderErrorFeature();
        var status = context.Response.StatusCode;
        var kind = OutcomeClassifier.Classify(status, error?.Error ?? ForwarderError.None, error?.Exception, context.RequestAborted.IsCancellationRequested);
        attempts?.Add(RouteTable.V3ClusterId, status, kind, elapsed);
        if (_observe)
        {
            metrics.RecordAttempt(GatewayMetrics.NoFeature, RouteTable.V3ClusterId, kind, status, elapsed.TotalSeconds);
        }
    }
}
