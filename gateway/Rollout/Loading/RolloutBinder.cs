using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>Binds the whole document: every section, every error, then the cross-feature route check.</summary>
internal static class RolloutBinder
{
    internal static readonly string[] Allowed = ["$schema", "backends", "identity", "defaults", "features"];

    public static RolloutSnapshot? Bind(BindContext ctx, JsonNode root, ReadOnlySpan<byte> utf8, string sourcePath, string contentHash)
    {
        const string Path = "$";
        var properties = ctx.Object(root, Path, Allowed);
        if (properties is null)
        {
            return null;
        }

        if (properties.TryGetValue("$schema", out var schema))
        {
            ctx.String(schema.Value, "$['$schema']");
        }

        BackendsConfig? backends = null;
        if (properties.TryGetValue("backends", out var backendsNode))
        {
            backends = BackendsBinder.Bind(ctx, backendsNode.Value, "$.backends");
        }
        else
        {
            ctx.Error(root, Path, "missing required property 'backends' (the v3 and v4 destinations)");
        }

        var identity = properties.TryGetValue("identity", out var identityNode)
            ? IdentityBinder.Bind(ctx, identityNode.Value, "$.identity")
            : BuiltInDefaults.Identity;

        var defaults = BuiltInDefaults.Feature;
        var defaultsText = ReadOnlySpan<byte>.Empty;
        if (properties.TryGetValue("defaults", out var defaultsNode))
        {
            var defaultsProperties = ctx.Object(defaultsNode.Value, "$.defaults", InheritableBinder.Names);
            if (defaultsProperties is not null)
            {
                defaults = InheritableBinder.Bind(ctx, defaultsProperties, "$.defaults", defaults);
                defaultsText = utf8[defaultsNode.Value.Start..defaultsNode.Value.End];
            }
        }

        var features = Features(ctx, properties, root, utf8, defaultsText, defaults);
        return ctx.HasErrors || backends is null || identity is null || features is null
            ? null
            : new RolloutSnapshot(sourcePath, contentHash, backends, identity, features.Value);
    }

    private static ImmutableArray<FeatureConfig>? Features(
        BindContext ctx, Dictionary<string, JsonPropertyNode> properties, JsonNode root, ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> defaultsText, FeatureDefaults defaults)
    {
        if (!properties.TryGetValue("features", out var featuresNode))
        {
            ctx.Error(root, "$", "missing required property 'features' (at least one feature)");
            return null;
        }

        if (featuresNode.Value is not JsonObjectNode featuresObject)
        {
            ctx.Error(featuresNode.Value, "$.features", $"must be an object mapping feature names to features (got {featuresNode.Value.KindName})");
            return null;
        }

        if (featuresObject.Properties.IsEmpty)
        {
            ctx.Error(featuresNode.Value, "$.features", "must define at least one feature");
            return null;
        }

        var features = ImmutableArray.CreateBuilder<FeatureConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var routes = new List<RouteSite>();
        foreach (var feature in featuresObject.Properties)
        {
            var path = BindContext.Child("$.features", feature.Name);
            if (!seen.Add(feature.Name))
            {
                ctx.Error(feature.NameStart, path, $"duplicate feature '{feature.Name}'");
                continue;
            }

            if (FeatureBinder.Bind(ctx, feature, path, defaults, utf8, defaultsText, routes) is { } bound)
            {
                features.Add(bound);
            }
        }

        RouteOverlapCheck.Check(ctx, routes);
        return features.ToImmutable();
    }
}
