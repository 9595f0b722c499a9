using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// Binds a "guard" object over a baseline policy: scalar properties override one by one,
/// "critical" and "steps" replace the baseline's as a whole.
/// </summary>
internal static class GuardBinder
{
    /// <summary>Properties of the old guard (a bound checked every second, consecutive breaches): accepted with a warning, ignored.</summary>
    internal static readonly string[] Retired = ["consecutive_breaches", "confidence"];

    internal static readonly string[] Allowed =
        ["enabled", "window", "min_requests", "alpha", "max_error_increase_pp", "on_shared_failure", "critical", "steps", .. Retired];

    internal static readonly string[] ThresholdAllowed = ["max_error_percent", "max_p95_ms"];
    internal static readonly string[] StepAllowed = ["up_to", "max_error_percent", "max_p95_ms", "max_error_increase_pp"];

    public static GuardPolicy? Bind(BindContext ctx, JsonNode node, string path, GuardPolicy baseline)
    {
        var properties = ctx.Object(node, path, Allowed);
        if (properties is null)
        {
            return null;
        }

        var errorsBefore = ctx.Errors.Length;
        var policy = baseline;
        if (properties.TryGetValue("enabled", out var enabled) && ctx.Bool(enabled.Value, BindContext.Child(path, "enabled")) is { } isEnabled)
        {
            policy = policy with { Enabled = isEnabled };
        }

        if (properties.TryGetValue("window", out var window)
            && ValueRules.Duration(ctx, window.Value, BindContext.Child(path, "window"), TimeSpan.FromSeconds(5), TimeSpan.FromHours(1)) is { } windowValue)
        {
            if (windowValue.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                ctx.Error(window.Value, BindContext.Child(path, "window"), "must be whole seconds (the window is made of 1-second slots)");
            }

            policy = policy with { Window = windowValue };
        }

        if (properties.TryGetValue("min_requests", out var min)
            && ctx.Integer(min.Value, BindContext.Child(path, "min_requests"), 1, 1_000_000) is { } minValue)
        {
            policy = policy with { MinRequests = minValue };
        }

        foreach (var retired in Retired)
        {
            if (properties.TryGetValue(retired, out var property))
            {
                ctx.Warning(property.Value, BindContext.Child(path, retired),
                    "is no longer used and is ignored: the guard's sequential tests keep the false-revert probability below \"alpha\" without it; remove it");
            }
        }

        if (properties.TryGetValue("alpha", out var alpha))
        {
            var alphaPath = BindContext.Child(path, "alpha");
            if (ctx.Number(alpha.Value, alphaPath) is { } value)
            {
                if (value is < 0.0001m or > 0.2m)
                {
                    ctx.Error(alpha.Value, alphaPath, $"must be between 0.0001 and 0.2 (a false-revert probability per step; got {BindContext.Text(alpha.Value)})");
                }
                else
                {
                    policy = policy with { Alpha = (double)value };
                }
            }
        }

        if (properties.TryGetValue("max_error_increase_pp", out var margin)
            && Margin(ctx, margin.Value, BindContext.Child(path, "max_error_increase_pp")) is { } marginValue)
        {
            policy = policy with { MaxErrorIncreasePercentagePoints = marginValue.PercentagePoints };
        }

        if (properties.TryGetValue("on_shared_failure", out var shared))
        {
            var sharedPath = BindContext.Child(path, "on_shared_failure");
            switch (ctx.String(shared.Value, sharedPath))
            {
                case "hold":
                    policy = policy with { OnSharedFailure = SharedFailurePolicy.Hold };
                    break;
                case "revert":
                    policy = policy with { OnSharedFailure = SharedFailurePolicy.Revert };
                    break;
                case { } other:
                    ctx.Error(shared.Value, sharedPath, $"must be \"hold\" or \"revert\" (got \"{other}\")");
                    break;
            }
        }

        if (properties.TryGetValue("critical", out var critical)
            && Thresholds(ctx, critical.Value, BindContext.Child(path, "critical"), ThresholdAllowed) is { } criticalValue)
        {
            policy = policy with { Critical = criticalValue };
        }

        if (properties.TryGetValue("steps", out var steps) && Steps(ctx, steps.Value, BindContext.Child(path, "steps")) is { } stepsValue)
        {
            policy = policy with { Steps = stepsValue };
        }

        if (ctx.Errors.Length > errorsBefore)
        {
            return null;
        }

        CheckAgainstCritical(ctx, properties.GetValueOrDefault("steps")?.Value ?? node, path, policy);
        return policy;
    }

    private static Thresholds? Thresholds(BindContext ctx, JsonNode node, string path, string[] allowed)
    {
        var properties = ctx.Object(node, path, allowed);
        return properties is null ? null : ThresholdsFrom(ctx, properties, node, path);
    }

    private static Thresholds? ThresholdsFrom(BindContext ctx, Dictionary<string, JsonPropertyNode> properties, JsonNode node, string path)
    {
        var error = Required(ctx, properties, node, path, "max_error_percent", n => ErrorPercent(ctx, n, BindContext.Child(path, "max_error_percent")));
        var p95 = Required(ctx, properties, node, path, "max_p95_ms", n => P95(ctx, n, BindContext.Child(path, "max_p95_ms")));
        return error is null || p95 is null ? null : new Thresholds(error.Value, p95.Value);
    }

    private static ImmutableArray<StepThresholds>? Steps(BindContext ctx, JsonNode node, string path)
    {
        var items = ctx.Array(node, path);
        if (items is null)
        {
            return null;
        }

        if (items.Value.IsEmpty)
        {
            ctx.Error(node, path, "must list at least one step (the last with \"up_to\": 100)");
            return null;
        }

        var steps = ImmutableArray.CreateBuilder<StepThresholds>();
        for (var i = 0; i < items.Value.Length; i++)
        {
            var itemPath = BindContext.Index(path, i);
            var properties = ctx.Object(items.Value[i], itemPath, StepAllowed);
            if (properties is null)
            {
                continue;
            }

            var upTo = Required(ctx, properties, items.Value[i], itemPath, "up_to", n => ValueRules.Percent(ctx, n, BindContext.Child(itemPath, "up_to"), positive: true));
            var thresholds = ThresholdsFrom(ctx, properties, items.Value[i], itemPath);
            if (upTo is null || thresholds is null)
            {
                continue;
            }

            if (steps.Count > 0 && upTo.Value <= steps[^1].UpTo)
            {
                ctx.Error(properties["up_to"].Value, BindContext.Child(itemPath, "up_to"), $"up_to must increase strictly: {upTo.Value} follows {steps[^1].UpTo}");
                continue;
            }

            StepMargin? stepMargin = null;
            if (properties.TryGetValue("max_error_increase_pp", out var margin))
            {
                stepMargin = Margin(ctx, margin.Value, BindContext.Child(itemPath, "max_error_increase_pp"));
                if (stepMargin is null)
                {
                    continue;
                }
            }

            steps.Add(new StepThresholds(upTo.Value, thresholds, stepMargin));
        }

        if (steps.Count == items.Value.Length && steps[^1].UpTo != Percentage.Hundred)
        {
            ctx.Error(items.Value[^1], BindContext.Index(path, items.Value.Length - 1), $"the last step must have \"up_to\": 100 so every percentage has thresholds (got {steps[^1].UpTo})");
            return null;
        }

        return steps.Count == items.Value.Length ? steps.ToImmutable() : null;
    }

    private static void CheckAgainstCritical(BindContext ctx, JsonNode node, string path, GuardPolicy policy)
    {
        foreach (var step in policy.Steps)
        {
            if (step.Thresholds.MaxErrorPercent > policy.Critical.MaxErrorPercent || step.Thresholds.MaxP95Ms > policy.Critical.MaxP95Ms)
            {
                ctx.Error(node, path, $"the thresholds for up to {step.UpTo} % ({step.Thresholds.MaxErrorPercent} %, {step.Thresholds.MaxP95Ms} ms) exceed the critical ones ({policy.Critical.MaxErrorPercent} %, {policy.Critical.MaxP95Ms} ms)");
            }
        }
    }

    /// <summary>A relative margin: a number of percentage points (0 up to below 50), or null to turn the rule off.</summary>
    private static StepMargin? Margin(BindContext ctx, JsonNode node, string path)
    {
        if (node is JsonNullNode)
        {
            return new StepMargin(null);
        }

        var value = ctx.Number(node, path);
        if (value is null)
        {
            return null;
        }

        if (value < 0 || value >= 50)
        {
            ctx.Error(node, path, $"must be at least 0 and below 50 percentage points, or null to turn the relative rule off (got {BindContext.Text(node)})");
            return null;
        }

        return new StepMargin((double)value.Value);
    }

    private static double? ErrorPercent(BindContext ctx, JsonNode node, string path)
    {
        var value = ctx.Number(node, path);
        if (value is null)
        {
            return null;
        }

        if (value <= 0 || value > 100)
        {
            ctx.Error(node, path, $"must be greater than 0 and at most 100 (got {BindContext.Text(node)})");
            return null;
        }

        return (double)value.Value;
    }

    private static double? P95(BindContext ctx, JsonNode node, string path)
    {
        var value = ctx.Number(node, path);
        if (value is null)
        {
            return null;
        }

        if (value <= 0 || value > 600_000)
        {
            ctx.Error(node, path, $"must be greater than 0 and at most 600000 milliseconds (got {BindContext.Text(node)})");
            return null;
        }

        return (double)value.Value;
    }

    private static T? Required<T>(BindContext ctx, Dictionary<string, JsonPropertyNode> properties, JsonNode node, string path, string name, Func<JsonNode, T?> read)
        where T : struct
    {
        if (properties.TryGetValue(name, out var property))
        {
            return read(property.Value);
        }

        ctx.Error(node, path, $"missing required property '{name}'");
        return null;
    }
}
