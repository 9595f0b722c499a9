namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// The properties a feature inherits from "defaults" and may override: cohort, steps,
/// max_percentage, step_interval, auto_advance, failover, guard and shadow.
/// </summary>
internal static class InheritableBinder
{
    public static readonly string[] Names = ["cohort", "steps", "max_percentage", "step_interval", "auto_advance", "failover", "guard", "shadow"];

    public const int MaxCohortLength = 64;

    /// <summary>Applies the inheritable properties present in <paramref name="properties"/> over <paramref name="baseline"/>.</summary>
    public static FeatureDefaults Bind(BindContext ctx, Dictionary<string, JsonPropertyNode> properties, string path, FeatureDefaults baseline)
    {
        var result = baseline;
        if (properties.TryGetValue("cohort", out var cohort) && Cohort(ctx, cohort.Value, BindContext.Child(path, "cohort")) is { } cohortValue)
        {
            result = result with { Cohort = cohortValue };
        }

        if (properties.TryGetValue("steps", out var steps) && ValueRules.Steps(ctx, steps.Value, BindContext.Child(path, "steps")) is { } stepsValue)
        {
            result = result with { Steps = stepsValue };
        }

        if (properties.TryGetValue("max_percentage", out var max)
            && ValueRules.Percent(ctx, max.Value, BindContext.Child(path, "max_percentage"), positive: true) is { } maxValue)
        {
            result = result with { MaxPercentage = maxValue };
        }

        if (properties.TryGetValue("step_interval", out var interval)
            && ValueRules.Duration(ctx, interval.Value, BindContext.Child(path, "step_interval"), TimeSpan.FromSeconds(1), TimeSpan.FromDays(365)) is { } intervalValue)
        {
            result = result with { StepInterval = intervalValue };
        }

        if (properties.TryGetValue("auto_advance", out var auto) && ctx.Bool(auto.Value, BindContext.Child(path, "auto_advance")) is { } autoValue)
        {
            result = result with { AutoAdvance = autoValue };
        }

        if (properties.TryGetValue("failover", out var failover) && ctx.Bool(failover.Value, BindContext.Child(path, "failover")) is { } failoverValue)
        {
            result = result with { Failover = failoverValue };
        }

        if (properties.TryGetValue("guard", out var guard) && GuardBinder.Bind(ctx, guard.Value, BindContext.Child(path, "guard"), result.Guard) is { } guardValue)
        {
            result = result with { Guard = guardValue };
        }

        if (properties.TryGetValue("shadow", out var shadow)
            && ShadowBinder.Bind(ctx, shadow.Value, BindContext.Child(path, "shadow"), result.Shadow ?? BuiltInDefaults.Shadow) is { } shadowValue)
        {
            result = result with { Shadow = shadowValue };
        }

        return result;
    }

    private static string? Cohort(BindContext ctx, JsonNode node, string path)
    {
        var value = ctx.String(node, path);
        if (value is null)
        {
            return null;
        }

        if (value.Length == 0 || value.Length > MaxCohortLength || value.Contains(':', StringComparison.Ordinal))
        {
            ctx.Error(node, path, $"must be 1 to {MaxCohortLength} characters without ':' (the bucket hashes \"cohort:userId\"); got \"{value}\"");
            return null;
        }

        return value;
    }
}
