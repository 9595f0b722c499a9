using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Strangler.Gateway.Admin;

/// <summary>Rejects admin requests without the configured bearer token: 401 with a JSON error.</summary>
internal sealed class AdminTokenFilter(AdminToken token) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (token.Matches(http.Request.Headers.Authorization))
        {
            return next(context);
        }

        http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"strangler-admin\"";
        var message = http.Request.Headers.Authorization.Count == 0
            ? "missing bearer token: send 'Authorization: Bearer <token>' (Gateway:Management:Token)"
            : "invalid bearer token";
        return ValueTask.FromResult<object?>(AdminResults.Error(StatusCodes.Status401Unauthorized, message));
    }
}
