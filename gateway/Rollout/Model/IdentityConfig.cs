using System.Collections.Immutable;

namespace Strangler.Gateway.Rollout.Model;

/// <summary>How the gateway finds a request's user id, and what it does when there is none.</summary>
/// <param name="Sources">Tried in order; the first that yields a non-empty id wins.</param>
/// <param name="AnonymousCookieName">Cookie for the sticky anonymous id (policy sticky_cookie).</param>
/// <param name="AnonymousCookieMaxAge">Lifetime of that cookie.</param>
internal sealed record IdentityConfig(
    ImmutableArray<IdentitySource> Sources,
    AnonymousPolicy Anonymous,
    string AnonymousCookieName,
    TimeSpan AnonymousCookieMaxAge)
{
    public const string DefaultAnonymousCookieName = "strangler_anon";

    public static TimeSpan DefaultAnonymousCookieMaxAge { get; } = TimeSpan.FromDays(365);
}

/// <summary>One place a user id may come from: <c>header:X-User-Id</c>, <c>jwt:sub</c>, <c>cookie:NAME</c>.</summary>
/// <param name="Name">Header name, JWT claim name or cookie name.</param>
internal readonly record struct IdentitySource(IdentitySourceKind Kind, string Name)
{
    public override string ToString() => Kind switch
    {
        IdentitySourceKind.Header => "header:" + Name,
        IdentitySourceKind.Jwt => "jwt:" + Name,
        _ => "cookie:" + Name,
    };
}

internal enum IdentitySourceKind
{
    Header,
    Jwt,
    Cookie,
}

internal enum AnonymousPolicy
{
    /// <summary>Anonymous requests go to v3 (until the feature is full or complete).</summary>
    V3,

    /// <summary>The gateway issues a random anonymous id in a cookie and buckets on it.</summary>
    StickyCookie,
}
