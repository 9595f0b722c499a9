using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Admin;

/// <summary>
/// GET /admin/status: read-only status of the rollout in force on the management port. Every
/// feature by default; <c>feature=NAME</c> for one, or a page with <c>limit</c> and <c>offset</c>
/// (file order), so a rollout of many features need not be fetched whole.
/// </summary>
internal static class StatusApi
{
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapStatusApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/status", GetStatus);
        return admin;
    }

    private static IResult GetStatus(
        HttpRequest request,
        RolloutRuntime runtime,
        GuardBoard guard,
        IOptions<GatewayOptions> options,
        TimeProvider time,
        [FromServices] FleetHealth? fleet,
        [FromServices] FleetLeadership? leadership,
        [FromServices] Webhooks.WebhookDispatcher? webhooks)
    {
        var view = runtime.View;
        var feature = request.Query["feature"].ToString();
        if (feature.Length > 0 && !view.FeaturesByName.ContainsKey(feature))
        {
            return AdminResults.Error(StatusCodes.Status404NotFound, $"unknown feature '{feature}'");
        }

        if (!AdminQuery.TryReadInt(request, "offset", 0, int.MaxValue, out var offset, out var offsetError))
        {
            return offsetError;
        }

        if (!AdminQuery.TryReadInt(request, "limit", 1, MaxLimit, out var limit, out var limitError))
        {
            return limitError;
        }

        var selected = feature.Length > 0
            ? [view.FeaturesByName[feature]]
            : view.Features.Skip(offset ?? 0).Take(limit ?? int.MaxValue);
        return TypedResults.Json(
            StatusView.From(
                view,
                selected,
                new StateView(runtime.StateLocation, runtime.StateError, runtime.SaveError),
                options.Value.Observe,
                guard.Get,
                fleet is null ? null : FleetStatusView.From(fleet.Snapshot, runtime.LocalReverts, Observing(leadership, options.Value), time.GetUtcNow()))
                with { Webhooks = webhooks?.Status() },
            AdminJsonContext.Default.StatusResponse);
    }

    /// <summary>Leadership runs only with the guard: without observation nobody leads.</summary>
    private static FleetLeadership? Observing(FleetLeadership? leadership, GatewayOptions options) => options.Observe ? leadership : null;
}
