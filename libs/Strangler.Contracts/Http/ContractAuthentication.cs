using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Contracts.Identity;
using Strangler.Contracts.Model;

namespace Strangler.Contracts.Http;

/// <summary>
/// The contract's identity on ASP.NET Core's JwtBearer: HS256 tokens checked with the configured key,
/// admin-only operations behind <see cref="AdminPolicy"/>, and 401/403 answered in the contract's
/// error shape (<see cref="ContractAuthorizationResults"/>).
/// </summary>
public static class ContractAuthentication
{
    public const string AdminPolicy = "contract-admin";

    /// <exception cref="BackendStartupException">The key is missing or too short.</exception>
    public static IServiceCollection AddContractAuthentication(this IServiceCollection services, string? signingKey)
    {
        if (ContractTokens.KeyProblem(signingKey) is { } problem)
        {
            throw new BackendStartupException(problem);
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            // Claims keep their JWT names (sub, role) instead of being mapped onto WS-* URIs.
            options.MapInboundClaims = false;
            options.TokenValidationParameters = ContractTokens.ValidationParameters(signingKey!);
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (context.Principal?.Identity is ClaimsIdentity identity && ContractTokens.ClaimsProblem(identity) is { } claims)
                    {
                        context.Fail(new TokenClaimsException(claims));
                    }

                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ContractAuthorizationResults>();
        return services;
    }

    /// <summary>Authentication and authorization, after the contract pipeline so their answers carry X-Backend.</summary>
    public static WebApplication UseContractAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The token's subject (authorization has made sure there is one).</summary>
    public static string Subject(this ClaimsPrincipal user) => user.FindFirstValue(ContractTokens.SubjectClaim)!;
}
