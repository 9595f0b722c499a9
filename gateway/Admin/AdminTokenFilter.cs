using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Strangler.Gateway.Admin;

/// <summary>Rejects admin requests without the configured bearer token: 401 with a JSON error.</summary>
internal sealed class AdminTokenFilter(AdminToken token) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Rejection(token, context.HttpContext) is { } rejected ? ValueTask.FromResult<object?>(rejected) : next(context);

    /// <summary>The same check as middleware, for endpoints that are not route handlers (the Prometheus exporter's).</summary>
    public static Func<HttpContext, RequestDelegate, Task> Middleware(AdminToken token) =>
        (http, next) => Rejection(token, http) is { } rejected ? rejected.ExecuteAsync(http) : next(http);

    private static IResult? Rejection(AdminToken token, HttpContext http)
    {
        if (token.Matches(http.Request.Headers.Authorization))
        {
            return null;
        }

        http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"strangler-admin\"";
        var message = http.Request.Headers.Authorization.Count == 0
            ? "missing bearer token: send 'Authorization: Bearer <token>' (Gateway:Management:Token)"
            : "invalid bearer token";
        return AdminResults.Error(StatusCodes.Status401Unauthorized, message);
    }
}
