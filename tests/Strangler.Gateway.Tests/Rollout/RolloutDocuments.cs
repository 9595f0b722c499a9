namespace Strangler.Gateway.Tests.Rollout;

/// <summary>Rollout documents for loader tests. Valid() is a complete valid file; the others inject one problem.</summary>
internal static class RolloutDocuments
{
    public static string Valid(string features = DefaultFeatures, string extraTop = "") => $$"""
        {
          "$schema": "./rollout.schema.json",
          "backends": {
            "v3": { "destinations": ["http://127.0.0.1:5003"] },
            "v4": { "destinations": ["http://127.0.0.1:5004", "http://127.0.0.1:5005/base"] }
          },
          {{extraTop}}
          "features": {
        {{features}}
          }
        }
        """;

    public const string DefaultFeatures = """
            "api_v4_restaurants": {
              "routes": [{ "path": "/api/restaurants", "v4_path": "/api/v4/restaurants" }],
              "stage": "partial",
              "percentage": 12.5
            },
            "api_v4_reviews": {
              "routes": [{ "path": "/api/reviews", "v4_path": "/api/v4/reviews" }],
              "stage": "disabled"
            }
        """;

    public static string Feature(string body) => $$"""
            "api_v4_restaurants": {
              "routes": [{ "path": "/api/restaurants", "v4_path": "/api/v4/restaurants" }],
              {{body}}
            }
        """;
}
