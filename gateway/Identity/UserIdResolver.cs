using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Identity;

/// <summary>
/// Finds a request's user id from the configured sources, in order, and for anonymous requests
/// under the sticky-cookie policy the id of its cookie (or a new one to issue). Ids longer than
/// <see cref="MaxLength"/> characters are ignored (treated as absent) so a client cannot make the
/// gateway hash megabytes.
/// </summary>
internal sealed class UserIdResolver(JwtSubjectReader jwt)
{
    public const int MaxLength = 256;

    /// <param name="issued">A new anonymous id to set as a cookie on the response, when one was minted.</param>
    public string? Resolve(HttpRequest request, IdentityPlan plan, out IssuedCookie? issued)
    {
        issued = null;
        var id = Resolve(request, plan);
        var identity = plan.Config;
        if (id is not null || identity.Anonymous != AnonymousPolicy.StickyCookie)
        {
            return id;
        }

        var cookie = request.Cookies[identity.AnonymousCookieName];
        if (AnonymousId.IsWellFormed(cookie))
        {
            return cookie;
        }

        issued = new IssuedCookie(identity.AnonymousCookieName, AnonymousId.New(), identity.AnonymousCookieMaxAge);
        return issued.Value;
    }

    /// <summary>The user id from the configured sources only (no cookie policy).</summary>
    public string? Resolve(HttpRequest request, IdentityPlan plan)
    {
        foreach (var source in plan.Sources)
        {
            var id = source.Kind switch
            {
                IdentitySourceKind.Header => FirstValue(request.Headers[source.Name]),
                IdentitySourceKind.Jwt => jwt.ReadFromAuthorization(request.Headers.Authorization, source.ClaimUtf8),
                _ => request.Cookies[source.Name],
            };

            if (Usable(id))
            {
                return id;
            }
        }

        return null;
    }

    private static string? FirstValue(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : values[0]?.Trim();

    private static bool Usable(string? id) => !string.IsNullOrEmpty(id) && id.Length <= MaxLength;
}
