using System.Globalization;
using System.Text;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>Writes rollout.json documents for tests in the real file format.</summary>
internal sealed record RolloutFile
{
    public required Uri V3 { get; init; }

    public required Uri V4 { get; init; }

    public string IdentitySources { get; init; } = "\"header:X-User-Id\", \"jwt:sub\"";

    public string AnonymousPolicy { get; init; } = "{ \"policy\": \"v3\" }";

    public List<FeatureEntry> Features { get; init; } = [];

    /// <summary>Extra members for "defaults" (raw JSON, without braces).</summary>
    public string? Defaults { get; init; }

    public static FeatureEntry Restaurants(string stage = "partial", decimal percentage = 50) =>
        new("api_v4_restaurants", "/api/restaurants", "/api/v4/restaurants", stage, percentage);

    public static FeatureEntry Reviews(string stage = "disabled", decimal percentage = 0) =>
        new("api_v4_reviews", "/api/reviews", "/api/v4/reviews", stage, percentage);

    public string ToJson()
    {
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $$"""
            {
              // written by a test
              "backends": {
                "v3": { "destinations": ["{{V3}}"] },
                "v4": { "destinations": ["{{V4}}"] },
              },
              "identity": { "sources": [{{IdentitySources}}], "anonymous": {{AnonymousPolicy}} },
            """);
        if (Defaults is not null)
        {
            json.Append(CultureInfo.InvariantCulture, $$"""
                  "defaults": { {{Defaults}} },
                """);
        }

        json.Append("  \"features\": {\n");
        foreach (var f in Features)
        {
            json.Append(CultureInfo.InvariantCulture, $$"""
                    "{{f.Name}}": {
                      "routes": [{ "path": "{{f.Path}}", "v4_path": "{{f.V4Path}}" }],
                      "stage": "{{f.Stage}}",
                      "percentage": {{f.Percentage.ToString(CultureInfo.InvariantCulture)}},
                      "always_v4": [{{string.Join(", ", f.AlwaysV4.Select(u => $"\"{u}\""))}}],
                      "never_v4": [{{string.Join(", ", f.NeverV4.Select(u => $"\"{u}\""))}}],
                      {{f.Extra ?? string.Empty}}
                    },

                """);
        }

        json.Append("  }\n}\n");
        return json.ToString();
    }
}

internal sealed record FeatureEntry(string Name, string Path, string V4Path, string Stage, decimal Percentage)
{
    public IReadOnlyList<string> AlwaysV4 { get; init; } = [];

    public IReadOnlyList<string> NeverV4 { get; init; } = [];

    /// <summary>Extra raw JSON members for the feature (e.g. "auto_advance": true,).</summary>
    public string? Extra { get; init; }
}
