using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Rollout.Loading;

internal static class IdentityBinder
{
    internal static readonly string[] Allowed = ["sources", "anonymous"];
    internal static readonly string[] AnonymousAllowed = ["policy", "cookie", "max_age"];

    public static IdentityConfig? Bind(BindContext ctx, JsonNode node, string path)
    {
        var defaults = BuiltInDefaults.Identity;
        var properties = ctx.Object(node, path, Allowed);
        if (properties is null)
        {
            return null;
        }

        var sources = defaults.Sources;
        if (properties.TryGetValue("sources", out var sourcesNode))
        {
            var bound = Sources(ctx, sourcesNode.Value, BindContext.Child(path, "sources"));
            if (bound is null)
            {
                return null;
            }

            sources = bound.Value;
        }

        var identity = defaults with { Sources = sources };
        if (properties.TryGetValue("anonymous", out var anonymous))
        {
            return Anonymous(ctx, anonymous.Value, BindContext.Child(path, "anonymous"), identity);
        }

        return identity;
    }

    private static ImmutableArray<IdentitySource>? Sources(BindContext ctx, JsonNode node, string path)
    {
        var texts = ValueRules.DistinctStrings(ctx, node, path, "source");
        if (texts is null)
        {
            return null;
        }

        if (node is JsonArrayNode { Items.IsEmpty: true })
        {
            ctx.Error(node, path, "must list at least one source (header:NAME, jwt:CLAIM or cookie:NAME)");
            return null;
        }

        var items = ((JsonArrayNode)node).Items;
        var sources = ImmutableArray.CreateBuilder<IdentitySource>();
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is not JsonStringNode { Value: var text })
            {
                continue;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var kind = colon < 0 ? string.Empty : text[..colon];
            var name = colon < 0 ? string.Empty : text[(colon + 1)..];
            IdentitySourceKind? parsed = kind switch
            {
                "header" => IdentitySourceKind.Header,
                "jwt" => IdentitySourceKind.Jwt,
                "cookie" => IdentitySourceKind.Cookie,
                _ => null,
            };
            if (parsed is null || !ValueRules.IsToken(name))
            {
                ctx.Error(items[i], BindContext.Index(path, i), $"must be header:NAME, jwt:CLAIM or cookie:NAME with a valid name (got \"{text}\")");
                continue;
            }

            sources.Add(new IdentitySource(parsed.Value, name));
        }

        return sources.Count == items.Length ? sources.ToImmutable() : null;
    }

    private static IdentityConfig? Anonymous(BindContext ctx, JsonNode node, string path, IdentityConfig identity)
    {
        var properties = ctx.Object(node, path, AnonymousAllowed);
        if (properties is null)
        {
            return null;
        }

        var ok = true;
        if (!properties.TryGetValue("policy", out var policyNode))
        {
            ctx.Error(node, path, "missing required property 'policy' (\"v3\" or \"sticky_cookie\")");
            return null;
        }

        var policyPath = BindContext.Child(path, "policy");
        var policy = ctx.String(policyNode.Value, policyPath) switch
        {
            "v3" => AnonymousPolicy.V3,
            "sticky_cookie" => AnonymousPolicy.StickyCookie,
            null => (AnonymousPolicy?)null,
            var other => Unknown(ctx, policyNode.Value, policyPath, other),
        };
        ok &= policy is not null;

        var cookie = identity.AnonymousCookieName;
        if (properties.TryGetValue("cookie", out var cookieNode))
        {
            var cookiePath = BindContext.Child(path, "cookie");
            var text = ctx.String(cookieNode.Value, cookiePath);
            if (text is null || !ValueRules.IsToken(text))
            {
                if (text is not null)
                {
                    ctx.Error(cookieNode.Value, cookiePath, $"must be a valid cookie name (got \"{text}\")");
                }

                ok = false;
            }
            else
            {
                cookie = text;
            }
        }

        var maxAge = identity.AnonymousCookieMaxAge;
        if (properties.TryGetValue("max_age", out var maxAgeNode))
        {
            var value = ValueRules.Duration(ctx, maxAgeNode.Value, BindContext.Child(path, "max_age"), TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650));
            ok &= value is not null;
            maxAge = value ?? maxAge;
        }

        return ok ? identity with { Anonymous = policy!.Value, AnonymousCookieName = cookie, AnonymousCookieMaxAge = maxAge } : null;
    }

    private static AnonymousPolicy? Unknown(BindContext ctx, JsonNode node, string path, string value)
    {
        ctx.Error(node, path, $"unknown policy \"{value}\"; expected \"v3\" or \"sticky_cookie\"");
        return null;
    }
}
