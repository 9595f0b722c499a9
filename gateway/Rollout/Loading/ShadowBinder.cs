using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// Binds a "shadow" object over a baseline policy (the inherited one, else the built-in defaults):
/// each property present overrides the baseline's; "ignore" replaces the inherited list as a whole.
/// </summary>
internal static class ShadowBinder
{
    internal static readonly string[] Allowed =
        ["sample_percent", "ignore", "max_in_flight", "max_body_bytes", "noise_check_percent", "max_diff_percent", "min_comparisons", "timeout"];

    public const int MaxInFlightLimit = 10_000;
    public const int MinBodyBytes = 1024;
    public const int MaxBodyBytesLimit = 16 * 1024 * 1024;
    public const int MaxMinComparisons = 10_000_000;
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);

    public static ShadowPolicy? Bind(BindContext ctx, JsonNode node, string path, ShadowPolicy baseline)
    {
        var properties = ctx.Object(node, path, Allowed);
        if (properties is null)
        {
            return null;
        }

        var errorsBefore = ctx.Errors.Length;
        var policy = baseline;
        if (properties.TryGetValue("sample_percent", out var sample)
            && ValueRules.Percent(ctx, sample.Value, BindContext.Child(path, "sample_percent")) is { } sampleValue)
        {
            policy = policy with { SamplePercent = (double)sampleValue.Value };
        }

        if (properties.TryGetValue("ignore", out var ignore) && Ignore(ctx, ignore.Value, BindContext.Child(path, "ignore")) is { } ignoreValue)
        {
            policy = policy with { Ignore = ignoreValue };
        }

        if (properties.TryGetValue("max_in_flight", out var inFlight)
            && ctx.Integer(inFlight.Value, BindContext.Child(path, "max_in_flight"), 1, MaxInFlightLimit) is { } inFlightValue)
        {
            policy = policy with { MaxInFlight = inFlightValue };
        }

        if (properties.TryGetValue("max_body_bytes", out var body)
            && ctx.Integer(body.Value, BindContext.Child(path, "max_body_bytes"), MinBodyBytes, MaxBodyBytesLimit) is { } bodyValue)
        {
            policy = policy with { MaxBodyBytes = bodyValue };
        }

        if (properties.TryGetValue("noise_check_percent", out var noise)
            && ValueRules.Percent(ctx, noise.Value, BindContext.Child(path, "noise_check_percent")) is { } noiseValue)
        {
            policy = policy with { NoiseCheckPercent = (double)noiseValue.Value };
        }

        if (properties.TryGetValue("max_diff_percent", out var maxDiff)
            && MaxDiff(ctx, maxDiff.Value, BindContext.Child(path, "max_diff_percent")) is { } gate)
        {
            policy = policy with { MaxDiffPercent = gate.Percent };
        }

        if (properties.TryGetValue("min_comparisons", out var min)
            && ctx.Integer(min.Value, BindContext.Child(path, "min_comparisons"), 1, MaxMinComparisons) is { } minValue)
        {
            policy = policy with { MinComparisons = minValue };
        }

        if (properties.TryGetValue("timeout", out var timeout)
            && ValueRules.Duration(ctx, timeout.Value, BindContext.Child(path, "timeout"), MinTimeout, MaxTimeout) is { } timeoutValue)
        {
            policy = policy with { Timeout = timeoutValue };
        }

        return ctx.Errors.Length > errorsBefore ? null : policy;
    }

    private static ImmutableArray<JsonPathPattern>? Ignore(BindContext ctx, JsonNode node, string path)
    {
        var items = ctx.Array(node, path);
        if (items is null)
        {
            return null;
        }

        var patterns = ImmutableArray.CreateBuilder<JsonPathPattern>(items.Value.Length);
        var seen = new Dictionary<JsonPathPattern, int>();
        var ok = true;
        for (var i = 0; i < items.Value.Length; i++)
        {
            var itemPath = BindContext.Index(path, i);
            var text = ctx.String(items.Value[i], itemPath);
            if (text is null)
            {
                ok = false;
            }
            else if (!JsonPathPattern.TryParse(text, out var pattern, out var error))
            {
                ctx.Error(items.Value[i], itemPath, $"\"{text}\" is not a JSON path this gateway reads: {error} (see \"ignore\" in docs/rollout.md)");
                ok = false;
            }
            else if (!seen.TryAdd(pattern, i))
            {
                ctx.Error(items.Value[i], itemPath, $"\"{text}\" is the same path as ignore[{seen[pattern]}] ({pattern})");
                ok = false;
            }
            else
            {
                patterns.Add(pattern);
            }
        }

        return ok ? patterns.MoveToImmutable() : null;
    }

    /// <summary>Greater than 0 and at most 100, or null to turn an inherited gate off.</summary>
    private static ParityGate? MaxDiff(BindContext ctx, JsonNode node, string path)
    {
        if (node is JsonNullNode)
        {
            return new ParityGate(null);
        }

        var value = ctx.Number(node, path);
        if (value is null)
        {
            return null;
        }

        if (value <= 0 || value > 100)
        {
            ctx.Error(node, path,
                $"must be greater than 0 and at most 100 percent, or null for no parity gate (got {BindContext.Text(node)}); the gate needs the diff rate's upper bound below it, which 0 never allows");
            return null;
        }

        return new ParityGate((double)value.Value);
    }

    // Tells "null given" (gate off) apart from "invalid" (no value) while binding.
    private readonly record struct ParityGate(double? Percent);
}
