using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Identity;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Tests.Identity;

public sealed class UserIdResolverTests
{
    private static readonly IdentityPlan HeaderJwtCookie = Plan(
        new IdentitySource(IdentitySourceKind.Header, "X-User-Id"),
        new IdentitySource(IdentitySourceKind.Jwt, "sub"),
        new IdentitySource(IdentitySourceKind.Cookie, "uid"));

    private readonly UserIdResolver _resolver = new(new JwtSubjectReader(null, TimeProvider.System));

    [Fact]
    public void Sources_are_tried_in_order()
    {
        var request = Request(userHeader: "from-header", token: TestJwt.Create(new { sub = "from-jwt" }), cookie: "from-cookie");
        Assert.Equal("from-header", _resolver.Resolve(request, HeaderJwtCookie));

        request = Request(userHeader: null, token: TestJwt.Create(new { sub = "from-jwt" }), cookie: "from-cookie");
        Assert.Equal("from-jwt", _resolver.Resolve(request, HeaderJwtCookie));

        request = Request(userHeader: null, token: null, cookie: "from-cookie");
        Assert.Equal("from-cookie", _resolver.Resolve(request, HeaderJwtCookie));
    }

    [Fact]
    public void Empty_and_oversized_ids_fall_through_to_the_next_source()
    {
        var request = Request(userHeader: "   ", token: null, cookie: "c");
        Assert.Equal("c", _resolver.Resolve(request, HeaderJwtCookie));

        request = Request(userHeader: new string('x', UserIdResolver.MaxLength + 1), token: null, cookie: null);
        Assert.Null(_resolver.Resolve(request, HeaderJwtCookie));
    }

    [Fact]
    public void No_source_yields_anonymous() =>
        Assert.Null(_resolver.Resolve(Request(null, null, null), HeaderJwtCookie));

    private static HttpRequest Request(string? userHeader, string? token, string? cookie)
    {
        var context = new DefaultHttpContext();
        if (userHeader is not null)
        {
            context.Request.Headers["X-User-Id"] = userHeader;
        }

        if (token is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + token;
        }

        if (cookie is not null)
        {
            context.Request.Headers.Cookie = "uid=" + cookie;
        }

        return context.Request;
    }

    private static IdentityPlan Plan(params IdentitySource[] sources) => new(new IdentityConfig(
        sources.ToImmutableArray(),
        AnonymousPolicy.V3,
        IdentityConfig.DefaultAnonymousCookieName,
        IdentityConfig.DefaultAnonymousCookieMaxAge));
}
