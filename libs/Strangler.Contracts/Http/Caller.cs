using Microsoft.AspNetCore.Http;
using Strangler.Contracts.Identity;

namespace Strangler.Contracts.Http;

/// <summary>Authenticates the caller from "Authorization: Bearer &lt;JWT&gt;" for protected operations.</summary>
public sealed class Caller(Hs256Jwt jwt, TimeProvider time)
{
    /// <summary>The identity, or a 401/403 result in the contract's error shape.</summary>
    public (TokenIdentity? Identity, IResult? Error) Require(HttpRequest request, bool admin)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (header.Length == 0)
        {
            return (null, Unauthorized("authentication required: send 'Authorization: Bearer <token>'"));
        }

        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return (null, Unauthorized("unsupported authorization scheme: use Bearer"));
        }

        var result = jwt.Validate(header[Scheme.Length..].Trim(), time.GetUtcNow());
        if (!result.IsValid)
        {
            return (null, Unauthorized(result.Error!));
        }

        if (admin && !result.Identity!.IsAdmin)
        {
            return (null, ApiResults.Error(StatusCodes.Status403Forbidden, "admin role required"));
        }

        return (result.Identity, null);
    }

    private static IResult Unauthorized(string message) => new WithChallenge(ApiResults.Error(StatusCodes.Status401Unauthorized, message));

    private sealed class WithChallenge(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
