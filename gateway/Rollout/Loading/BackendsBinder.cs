using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Rollout.Loading;

internal static class BackendsBinder
{
    internal static readonly string[] Allowed = ["v3", "v4"];
    internal static readonly string[] BackendAllowed = ["destinations"];

    public static BackendsConfig? Bind(BindContext ctx, JsonNode node, string path)
    {
        var properties = ctx.Object(node, path, Allowed);
        if (properties is null)
        {
            return null;
        }

        var v3 = Backend(ctx, properties, node, path, "v3");
        var v4 = Backend(ctx, properties, node, path, "v4");
        return v3 is null || v4 is null ? null : new BackendsConfig(v3, v4);
    }

    private static BackendConfig? Backend(BindContext ctx, Dictionary<string, JsonPropertyNode> parent, JsonNode parentNode, string parentPath, string name)
    {
        var path = BindContext.Child(parentPath, name);
        if (!parent.TryGetValue(name, out var property))
        {
            ctx.Error(parentNode, parentPath, $"missing required property '{name}' (the {name} backend's destinations)");
            return null;
        }

        var properties = ctx.Object(property.Value, path, BackendAllowed);
        if (properties is null)
        {
            return null;
        }

        if (!properties.TryGetValue("destinations", out var destinations))
        {
            ctx.Error(property.Value, path, "missing required property 'destinations' (one or more http(s) URLs)");
            return null;
        }

        var destinationsPath = BindContext.Child(path, "destinations");
        var items = ctx.Array(destinations.Value, destinationsPath);
        if (items is null)
        {
            return null;
        }

        if (items.Value.IsEmpty)
        {
            ctx.Error(destinations.Value, destinationsPath, "must list at least one destination URL");
            return null;
        }

        var uris = ImmutableArray.CreateBuilder<Uri>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Value.Length; i++)
        {
            var itemPath = BindContext.Index(destinationsPath, i);
            var text = ctx.String(items.Value[i], itemPath);
            if (text is null)
            {
                continue;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                ctx.Error(items.Value[i], itemPath, $"must be an absolute http or https URL (got \"{text}\")");
            }
            else if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.Contains('#', StringComparison.Ordinal))
            {
                ctx.Error(items.Value[i], itemPath, $"must not have a query or fragment (got \"{text}\")");
            }
            else if (!seen.Add(uri.AbsoluteUri))
            {
                ctx.Error(items.Value[i], itemPath, $"duplicate destination \"{text}\"");
            }
            else
            {
                uris.Add(uri);
            }
        }

        return uris.Count == items.Value.Length ? new BackendConfig(name, uris.ToImmutable()) : null;
    }
}
