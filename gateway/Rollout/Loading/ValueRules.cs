using System.Collections.Immutable;
using Strangler.Bucketing;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>Validators for values that recur across sections of rollout.json.</summary>
internal static class ValueRules
{
    /// <summary>0..100 with at most two decimals; with <paramref name="positive"/>, 0 is refused.</summary>
    public static Percentage? Percent(BindContext ctx, JsonNode node, string path, bool positive = false)
    {
        var value = ctx.Number(node, path);
        if (value is null)
        {
            return null;
        }

        if (!Percentage.TryFromPercent(value.Value, out var percentage) || (positive && percentage == Percentage.Zero))
        {
            ctx.Error(node, path, $"must be {(positive ? "greater than 0 and at most 100" : "between 0 and 100")} with at most two decimals (got {BindContext.Text(node)})");
            return null;
        }

        return percentage;
    }

    public static TimeSpan? Duration(BindContext ctx, JsonNode node, string path, TimeSpan min, TimeSpan max)
    {
        var text = ctx.String(node, path);
        if (text is null)
        {
            return null;
        }

        if (!Loading.Duration.TryParse(text, out var value))
        {
            ctx.Error(node, path, $"must be a duration such as \"500ms\", \"30s\", \"5m\", \"24h\", \"7d\" or \"1h30m\" (got \"{text}\")");
            return null;
        }

        if (value < min || value > max)
        {
            ctx.Error(node, path, $"must be between {Loading.Duration.Format(min)} and {Loading.Duration.Format(max)} (got \"{text}\")");
            return null;
        }

        return value;
    }

    /// <summary>A non-empty array of steps, strictly increasing, each in (0, 100].</summary>
    public static ImmutableArray<Percentage>? Steps(BindContext ctx, JsonNode node, string path)
    {
        var items = ctx.Array(node, path);
        if (items is null)
        {
            return null;
        }

        if (items.Value.IsEmpty)
        {
            ctx.Error(node, path, "must list at least one step");
            return null;
        }

        var steps = ImmutableArray.CreateBuilder<Percentage>();
        var ok = true;
        for (var i = 0; i < items.Value.Length; i++)
        {
            var itemPath = BindContext.Index(path, i);
            var step = Percent(ctx, items.Value[i], itemPath, positive: true);
            if (step is null)
            {
                ok = false;
                continue;
            }

            if (steps.Count > 0 && step.Value <= steps[^1])
            {
                ctx.Error(items.Value[i], itemPath, $"steps must increase strictly: {step.Value} follows {steps[^1]}");
                ok = false;
            }

            steps.Add(step.Value);
        }

        return ok ? steps.ToImmutable() : null;
    }

    /// <summary>An array of distinct non-empty strings.</summary>
    public static ImmutableArray<string>? DistinctStrings(BindContext ctx, JsonNode node, string path, string what) =>
        DistinctStrings(ctx, node, path, what, out _);

    /// <param name="distinct">The values as an ordinal set (empty when the node is no array), for callers that look them up.</param>
    public static ImmutableArray<string>? DistinctStrings(BindContext ctx, JsonNode node, string path, string what, out HashSet<string> distinct)
    {
        var items = ctx.Array(node, path);
        if (items is null)
        {
            distinct = new HashSet<string>(StringComparer.Ordinal);
            return null;
        }

        var values = ImmutableArray.CreateBuilder<string>(items.Value.Length);
        var seen = new HashSet<string>(items.Value.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Value.Length; i++)
        {
            // The item's path only when there is an error to report: user lists run to 100,000 ids.
            if (items.Value[i] is not JsonStringNode { Value: var value })
            {
                ctx.String(items.Value[i], BindContext.Index(path, i));
                continue;
            }

            if (value.Length == 0)
            {
                ctx.Error(items.Value[i], BindContext.Index(path, i), $"{what} must not be empty");
            }
            else if (!seen.Add(value))
            {
                ctx.Error(items.Value[i], BindContext.Index(path, i), $"duplicate {what} \"{value}\"");
            }
            else
            {
                values.Add(value);
            }
        }

        distinct = seen;
        return values.DrainToImmutable();
    }

    /// <summary>An HTTP token (RFC 9110), as used by header and cookie names.</summary>
    public static bool IsToken(string value) =>
        value.Length > 0 && value.All(c => c < 127 && c > 32 && "()<>@,;:\\\"/[]?={}".IndexOf(c) < 0);
}
