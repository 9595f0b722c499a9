using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace Strangler.Gateway.Routing.Transforms;

/// <summary>Sets the sticky anonymous id minted for this request as a cookie, so the user stays in one bucket.</summary>
internal sealed class AnonymousCookieTransform : ResponseTransform
{
    public static AnonymousCookieTransform Instance { get; } = new();

    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var http = context.HttpContext;
        if (http.Features.GetRequiredFeature<RequestRouting>().IssuedAnonymousCookie is not { } issued)
        {
            return default;
        }

        var cookie = new SetCookieHeaderValue(issued.Name, issued.Value)
        {
            Path = "/",
            HttpOnly = true,
            SameSite = Microsoft.Net.Http.Headers.SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = issued.MaxAge,
        };
        http.Response.Headers.Append(HeaderNames.SetCookie, cookie.ToString());
        return default;
    }
}
