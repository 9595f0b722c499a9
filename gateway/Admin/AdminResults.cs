using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Admin;

/// <summary>The error shape of the management API: {"error": "...", "status_code": N}.</summary>
internal static class AdminResults
{
    public static IResult Error(int status, string message) =>
        TypedResults.Json(new AdminError(message, status), AdminJsonContext.Default.AdminError, statusCode: status);
}

internal sealed record AdminError(string Error, int StatusCode);
