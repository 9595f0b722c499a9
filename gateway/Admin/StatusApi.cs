using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Admin;

/// <summary>Read-only status of the rollout in force on the management port.</summary>
internal static class StatusApi
{
    public static RouteGroupBuilder MapStatusApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/status", GetStatus);
        return admin;
    }

    private static JsonHttpResult<StatusResponse> GetStatus(RolloutStore store, RolloutRuntime runtime, GuardBoard guard, IOptions<GatewayOptions> options) =>
        TypedResults.Json(
            StatusView.From(
                store.Status,
                runtime.States,
                new StateView(runtime.StateLocation, runtime.StateError, runtime.SaveError),
                options.Value.Observe,
                guard.Get),
            AdminJsonContext.Default.StatusResponse);
}
