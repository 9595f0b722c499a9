using System.Collections.Frozen;
using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Rollout.Loading;

internal static class FeatureBinder
{
    internal static readonly string[] OwnNames = ["description", "routes", "stage", "percentage", "always_v4", "never_v4"];
    internal static readonly string[] Allowed = [.. OwnNames, .. InheritableBinder.Names];
    internal static readonly string[] RouteAllowed = ["path", "v4_path"];

    /// <param name="utf8">The whole file, for the feature's <see cref="TextRevision"/>.</param>
    /// <param name="defaultsText">The "defaults" section's text (empty when absent), for the same.</param>
    public static FeatureConfig? Bind(
        BindContext ctx, JsonPropertyNode feature, string path, FeatureDefaults defaults, ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> defaultsText, List<RouteSite> routes)
    {
        var name = feature.Name;
        if (!IsFeatureName(name))
        {
            ctx.Error(feature.NameStart, path, $"feature names are lower-case letters, digits and '_' starting with a letter (got \"{name}\")");
        }

        var properties = ctx.Object(feature.Value, path, Allowed);
        if (properties is null)
        {
            return null;
        }

        var errorsBefore = ctx.Errors.Length;
        var inherited = InheritableBinder.Bind(ctx, properties, path, defaults);

        string? description = null;
        if (properties.TryGetValue("description", out var descriptionNode))
        {
            description = ctx.String(descriptionNode.Value, BindContext.Child(path, "description"));
        }

        var boundRoutes = Routes(ctx, properties, feature.Value, path, name, routes);
        var stage = Stage(ctx, properties, feature.Value, path);
        var percentage = Percentage.Zero;
        if (properties.TryGetValue("percentage", out var percentageNode))
        {
            percentage = ValueRules.Percent(ctx, percentageNode.Value, BindContext.Child(path, "percentage")) ?? Percentage.Zero;
        }

        // The same text (defaults included) as a feature of the revision in force binds to the same
        // values, and that feature was valid: its user sets and revision are taken as they are. A
        // reload of a 1,000-feature file spent most of its time re-checking, freezing and sorting an
        // unchanged list of 100,000 ids.
        var textRevision = TextRevision.Compute(defaultsText, utf8[feature.NameStart..feature.Value.End]);
        var prior = ctx.InForce?.GetValueOrDefault(name) is { } same && same.TextRevision == textRevision ? same : null;
        FrozenSet<string> alwaysV4;
        FrozenSet<string> neverV4;
        if (prior is not null)
        {
            alwaysV4 = prior.AlwaysV4;
            neverV4 = prior.NeverV4;
        }
        else
        {
            var always = Users(ctx, properties, path, "always_v4", out var alwaysSet);
            var never = Users(ctx, properties, path, "never_v4", out var neverSet);
            if (properties.TryGetValue("never_v4", out var neverNode) && always is not null && never is not null)
            {
                foreach (var user in never.Value.Where(alwaysSet.Contains))
                {
                    ctx.Error(neverNode.Value, BindContext.Child(path, "never_v4"), $"user \"{user}\" is listed in both always_v4 and never_v4");
                }
            }

            if (always is null || never is null)
            {
                return null;
            }

            alwaysV4 = alwaysSet.ToFrozenSet(StringComparer.Ordinal);
            neverV4 = neverSet.ToFrozenSet(StringComparer.Ordinal);
        }

        if (ctx.Errors.Length > errorsBefore || boundRoutes is null || stage is null)
        {
            return null;
        }

        Warn(ctx, properties, path, stage.Value, alwaysV4.Count, neverV4.Count);
        var config = new FeatureConfig(
            name,
            description,
            boundRoutes.Value,
            stage.Value,
            percentage,
            inherited.Cohort,
            alwaysV4,
            neverV4,
            inherited.Steps,
            inherited.MaxPercentage,
            inherited.StepInterval,
            inherited.AutoAdvance,
            inherited.Failover,
            inherited.Guard,
            Revision: string.Empty,
            TextRevision: textRevision,
            Shadow: stage.Value == RolloutStage.Complete ? null : inherited.Shadow);
        return config with { Revision = prior?.Revision ?? FeatureRevision.Compute(config) };
    }

    private static ImmutableArray<RouteMapping>? Routes(
        BindContext ctx, Dictionary<string, JsonPropertyNode> properties, JsonNode featureNode, string path, string feature, List<RouteSite> sites)
    {
        if (!properties.TryGetValue("routes", out var routesNode))
        {
            ctx.Error(featureNode, path, "missing required property 'routes' (the client paths this feature owns)");
            return null;
        }

        var routesPath = BindContext.Child(path, "routes");
        var items = ctx.Array(routesNode.Value, routesPath);
        if (items is null)
        {
            return null;
        }

        if (items.Value.IsEmpty)
        {
            ctx.Error(routesNode.Value, routesPath, "must list at least one route");
            return null;
        }

        var routes = ImmutableArray.CreateBuilder<RouteMapping>();
        for (var i = 0; i < items.Value.Length; i++)
        {
            var itemPath = BindContext.Index(routesPath, i);
            var route = ctx.Object(items.Value[i], itemPath, RouteAllowed);
            if (route is null)
            {
                continue;
            }

            if (!route.TryGetValue("path", out var pathNode))
            {
                ctx.Error(items.Value[i], itemPath, "missing required property 'path'");
                continue;
            }

            var clientPath = RoutePath(ctx, pathNode.Value, BindContext.Child(itemPath, "path"));
            var v4Path = route.TryGetValue("v4_path", out var v4Node) ? RoutePath(ctx, v4Node.Value, BindContext.Child(itemPath, "v4_path")) : clientPath;
            if (clientPath is null || v4Path is null)
            {
                continue;
            }

            sites.Add(new RouteSite(feature, BindContext.Child(itemPath, "path"), clientPath, pathNode.Value));
            routes.Add(new RouteMapping(clientPath, v4Path));
        }

        return routes.Count == items.Value.Length ? routes.ToImmutable() : null;
    }

    private static string? RoutePath(BindContext ctx, JsonNode node, string path)
    {
        var value = ctx.String(node, path);
        if (value is null)
        {
            return null;
        }

        var problem = value switch
        {
            "" or "/" => "must be a path below the root such as /api/restaurants",
            _ when value[0] != '/' => "must start with '/'",
            _ when value.EndsWith('/') => "must not end with '/' (a route covers its path and everything below it)",
            _ when value.IndexOfAny(['?', '#']) >= 0 => "must not contain a query or fragment",
            _ when value.IndexOfAny(['{', '}', '*']) >= 0 => "must be a literal prefix without '{', '}' or '*'",
            _ when value.Contains("//", StringComparison.Ordinal) => "must not contain empty segments ('//')",
            _ when value.Split('/').Any(s => s is "." or "..") => "must not contain '.' or '..' segments",
            _ when value.Any(c => c <= ' ' || c >= 127) => "must contain only printable ASCII (percent-encode anything else)",
            _ => null,
        };
        if (problem is not null)
        {
            ctx.Error(node, path, $"{problem} (got \"{value}\")");
            return null;
        }

        return value;
    }

    private static RolloutStage? Stage(BindContext ctx, Dictionary<string, JsonPropertyNode> properties, JsonNode featureNode, string path)
    {
        if (!properties.TryGetValue("stage", out var stageNode))
        {
            ctx.Error(featureNode, path, $"missing required property 'stage' ({string.Join(", ", RolloutStages.Names)})");
            return null;
        }

        var stagePath = BindContext.Child(path, "stage");
        var text = ctx.String(stageNode.Value, stagePath);
        if (text is null)
        {
            return null;
        }

        if (!RolloutStages.TryParse(text, out var stage))
        {
            ctx.Error(stageNode.Value, stagePath, $"unknown stage \"{text}\"; expected one of: {string.Join(", ", RolloutStages.Names)}");
            return null;
        }

        return stage;
    }

    // The set is built once, while checking for duplicates, and serves the overlap check and the frozen set.
    private static ImmutableArray<string>? Users(BindContext ctx, Dictionary<string, JsonPropertyNode> properties, string path, string name, out HashSet<string> set)
    {
        if (properties.TryGetValue(name, out var node))
        {
            return ValueRules.DistinctStrings(ctx, node.Value, BindContext.Child(path, name), "user id", out set);
        }

        set = new HashSet<string>(StringComparer.Ordinal);
        return ImmutableArray<string>.Empty;
    }

    private static void Warn(BindContext ctx, Dictionary<string, JsonPropertyNode> properties, string path, RolloutStage stage, int always, int never)
    {
        if (stage == RolloutStage.Complete && never > 0)
        {
            ctx.Warning(properties["never_v4"].Value, BindContext.Child(path, "never_v4"), "ignored in stage complete: everyone is served by v4");
        }

        if (stage == RolloutStage.Complete && properties.TryGetValue("shadow", out var shadow))
        {
            ctx.Warning(shadow.Value, BindContext.Child(path, "shadow"), "ignored in stage complete: no user is served by v3, so there is nothing to mirror");
        }

        if (stage == RolloutStage.Disabled && (always > 0 || never > 0))
        {
            var name = always > 0 ? "always_v4" : "never_v4";
            ctx.Warning(properties[name].Value, BindContext.Child(path, name), "ignored in stage disabled: everyone is served by v3");
        }

        if (stage != RolloutStage.Partial && properties.TryGetValue("percentage", out var percentage)
            && percentage.Value is JsonNumberNode { Text: not "0" })
        {
            ctx.Warning(percentage.Value, BindContext.Child(path, "percentage"), $"ignored in stage {stage.ToString().ToLowerInvariant()}: only partial uses the percentage");
        }
    }

    private static bool IsFeatureName(string name) =>
        name.Length is > 0 and <= 64 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}

/// <summary>Where a route path was declared, for the overlap check across features.</summary>
internal sealed record RouteSite(string Feature, string JsonPath, string Path, JsonNode Node);
