using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Rollout;

namespace Strangler.Gateway.Admin;

/// <summary>Read-only status of the rollout in force on the management port.</summary>
internal static class StatusApi
{
    public static RouteGroupBuilder MapStatusApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/status", GetStatus);
        return admin;
    }

    private static JsonHttpResult<StatusResponse> GetStatus(RolloutStore store) =>
        TypedResults.Json(StatusView.From(store.Status), AdminJsonContext.Default.StatusResponse);
}
