using System.Text.Json;
using Strangler.Gateway.Rollout.Loading;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// rollout.schema.json is what editors validate against; the binder is what the gateway enforces.
/// These tests keep the two describing the same format.
/// </summary>
public sealed class RolloutSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(RolloutFileLoaderTests.RepoRoot(), "rollout.schema.json"))).RootElement;

    public static TheoryData<string, string[]> Locations => new()
    {
        { "/properties", RolloutBinder.Allowed },
        { "/properties/backends/properties", BackendsBinder.Allowed },
        { "/$defs/backend/properties", BackendsBinder.BackendAllowed },
        { "/properties/identity/properties", IdentityBinder.Allowed },
        { "/properties/identity/properties/anonymous/properties", IdentityBinder.AnonymousAllowed },
        { "/$defs/inheritable/properties", InheritableBinder.Names },
        { "/$defs/feature/properties", FeatureBinder.Allowed },
        { "/$defs/route/properties", FeatureBinder.RouteAllowed },
        { "/$defs/guard/properties", GuardBinder.Allowed },
        { "/$defs/thresholds/properties", GuardBinder.ThresholdAllowed },
        { "/$defs/guard/properties/steps/items/properties", GuardBinder.StepAllowed },
        { "/$defs/shadow/properties", ShadowBinder.Allowed },
    };

    [Theory]
    [MemberData(nameof(Locations))]
    public void The_schema_and_the_binder_accept_the_same_properties(string pointer, string[] binder)
    {
        var schema = At(pointer).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(binder.Order(StringComparer.Ordinal), schema);
    }

    [Theory]
    [InlineData("/$defs/feature/properties/stage/enum", new[] { "disabled", "testing", "partial", "full", "complete" })]
    [InlineData("/properties/identity/properties/anonymous/properties/policy/enum", new[] { "v3", "sticky_cookie" })]
    [InlineData("/$defs/guard/properties/on_shared_failure/enum", new[] { "hold", "revert" })]
    public void Enumerations_match(string pointer, string[] values) =>
        Assert.Equal(values, At(pointer).EnumerateArray().Select(v => v.GetString()));

    [Theory]
    [InlineData("$")]
    [InlineData("$.data.items[*].updated_at")]
    [InlineData("$['odd key'][0].x")]
    [InlineData(@"$['it\'s'].b")]
    [InlineData(@"$['back\\slash']")]
    [InlineData("$.meta.*")]
    [InlineData("$..updated_at")]
    [InlineData("$..['odd key']")]
    [InlineData("")]
    [InlineData("data")]
    [InlineData("$.")]
    [InlineData("$.a b")]
    [InlineData("$[01]")]
    [InlineData("$[*")]
    [InlineData("$['a")]
    [InlineData(@"$['a\n']")]
    [InlineData("$..*")]
    [InlineData("$..[0]")]
    public void The_schema_pattern_for_ignore_paths_agrees_with_the_parser(string path)
    {
        var pattern = At("/$defs/jsonPathPattern/pattern").GetString()!;
        var schemaAccepts = System.Text.RegularExpressions.Regex.IsMatch(path, pattern, System.Text.RegularExpressions.RegexOptions.ECMAScript);
        Assert.Equal(Strangler.Gateway.Shadow.JsonPathPattern.TryParse(path, out _, out _), schemaAccepts);
    }

    [Theory]
    [InlineData("/$defs/shadow/properties/max_in_flight/maximum", ShadowBinder.MaxInFlightLimit)]
    [InlineData("/$defs/shadow/properties/max_body_bytes/minimum", ShadowBinder.MinBodyBytes)]
    [InlineData("/$defs/shadow/properties/max_body_bytes/maximum", ShadowBinder.MaxBodyBytesLimit)]
    [InlineData("/$defs/shadow/properties/min_comparisons/maximum", ShadowBinder.MaxMinComparisons)]
    public void The_schema_and_the_binder_have_the_same_shadow_limits(string pointer, int limit) =>
        Assert.Equal(limit, At(pointer).GetInt32());

    [Fact]
    public void Every_object_in_the_schema_rejects_unknown_properties()
    {
        var open = new List<string>();
        Walk(Schema, string.Empty, open);
        Assert.Empty(open);
    }

    [Fact]
    public void Every_property_is_described_for_editors()
    {
        var undescribed = new List<string>();
        foreach (var location in Locations)
        {
            var pointer = location.Data.Item1;
            foreach (var property in At(pointer).EnumerateObject())
            {
                var value = property.Value;
                var described = value.TryGetProperty("description", out _)
                    || (value.TryGetProperty("$ref", out var reference) && Resolve(reference.GetString()!).TryGetProperty("description", out _));
                if (!described && pointer != "/$defs/guard/properties/steps/items/properties")
                {
                    undescribed.Add($"{pointer}/{property.Name}");
                }
            }
        }

        Assert.Empty(undescribed);
    }

    private static void Walk(JsonElement node, string pointer, List<string> open)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (node.TryGetProperty("properties", out _) && !node.TryGetProperty("additionalProperties", out _))
        {
            open.Add(pointer);
        }

        foreach (var child in node.EnumerateObject())
        {
            Walk(child.Value, $"{pointer}/{child.Name}", open);
        }
    }

    private static JsonElement Resolve(string reference) => At(reference.TrimStart('#'));

    private static JsonElement At(string pointer)
    {
        var node = Schema;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.GetProperty(part);
        }

        return node;
    }
}
