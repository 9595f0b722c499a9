using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Strangler.Contracts.Identity;

namespace Strangler.Contracts.Http;

/// <summary>
/// A request that authorization turns away gets the contract's error: 401 with
/// <c>WWW-Authenticate: Bearer</c> and why the token was not accepted, or 403 naming the role it lacks.
/// </summary>
internal sealed class ContractAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _allowed = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            // The scheme's handler keeps this request's result: asking again does not validate the token again.
            var authentication = await context.AuthenticateAsync();
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiResults.Error(StatusCodes.Status401Unauthorized, TokenProblems.Describe(authentication.Failure, context.Request)).ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles);
            await ApiResults.Error(StatusCodes.Status403Forbidden, $"{string.Join(" or ", roles)} role required").ExecuteAsync(context);
            return;
        }

        await _allowed.HandleAsync(next, context, policy, authorizeResult);
    }
}
