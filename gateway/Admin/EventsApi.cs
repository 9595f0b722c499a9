using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Events;

namespace Strangler.Gateway.Admin;

/// <summary>GET /admin/events?feature=NAME&amp;limit=N: newest first.</summary>
internal static class EventsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/events", GetEvents);
        return admin;
    }

    private static IResult GetEvents(HttpRequest request, EventLog events)
    {
        if (!AdminQuery.TryReadInt(request, "limit", 1, MaxLimit, out var limit, out var limitError))
        {
            return limitError;
        }

        var feature = request.Query["feature"].ToString();
        return TypedResults.Json(
            new EventsResponse(events.Query(feature.Length == 0 ? null : feature, limit ?? DefaultLimit)),
            AdminJsonContext.Default.EventsResponse);
    }
}

internal sealed record EventsResponse(IReadOnlyList<RolloutEvent> Events);
