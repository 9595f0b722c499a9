using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The first step of the proxy pipeline: reads the rollout view in force, once for the whole
/// request (<see cref="RequestRouting"/>), and refuses what no backend may hear of. A target a backend could read as another path than routing saw is a 400
/// (<see cref="TargetCheck"/>); a body declared larger than the listener accepts is a 413 (Kestrel
/// would only notice once the forwarder reads it, after the backend got the headers). While the
/// gateway drains before stopping, every answer also closes its HTTP/1.x connection, so clients
/// reconnect through their load balancer to a replica that stays.
/// </summary>
internal sealed partial class AdmissionStep(RolloutRuntime runtime, DrainState drain, ILogger<AdmissionStep> logger)
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (drain.IsDraining && !HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            // Set when the answer starts, so a failover's cleared response still carries it.
            context.Response.OnStarting(static state => CloseAsync((HttpResponse)state), context.Response);
        }

        var routing = new RequestRouting(runtime.View, context.TraceIdentifier);
        context.Features.Set(routing);
        RequestRouting.Current = routing;
        var target = RawTarget.Of(context);
        var problem = TargetCheck.Check(target, request.Path.Value, routing.View.Bindings);
        if (problem != TargetProblem.None)
        {
            return RefuseTargetAsync(context, target, problem);
        }

        if (request.ContentLength is { } declared
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
            && declared > limit)
        {
            return RefuseBodyAsync(context, declared, limit);
        }

        return next(context);
    }

    private Task RefuseTargetAsync(HttpContext context, string target, TargetProblem problem)
    {
        LogRefusedTarget(logger, context.Request.Method, target, problem);
        var detail = problem.Describe();
        return ErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, $"request path refused: {detail}", "path", detail);
    }

    private Task RefuseBodyAsync(HttpContext context, long declared, long limit)
    {
        LogRefusedBody(logger, context.Request.Method, context.Request.Path.Value, declared, limit);
        ErrorResponse.CloseConnection(context);
        var detail = $"Content-Length {declared} exceeds the gateway's limit of {limit} bytes";
        return ErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"request body too large: {detail}", "body", detail);
    }

    private static Task CloseAsync(HttpResponse response)
    {
        response.Headers[HeaderNames.Connection] = "close";
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Debug, Message = "Refused {Method:l} {Target}: {Problem}")]
    private static partial void LogRefusedTarget(ILogger logger, string method, string target, TargetProblem problem);

    [LoggerMessage(EventId = 421, Level = LogLevel.Debug, Message = "Refused {Method:l} {Path}: Content-Length {Declared} exceeds the limit of {Limit} bytes")]
    private static partial void LogRefusedBody(ILogger logger, string method, string? path, long declared, long limit);
}
