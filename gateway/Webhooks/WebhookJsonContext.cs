using System.Text.Json.Serialization;

namespace Strangler.Gateway.Webhooks;

/// <summary>Webhook bodies in the admin API's JSON style (snake_case, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ConfigRejectedBody))]
[JsonSerializable(typeof(SlackBody))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;

/// <summary>A Slack incoming webhook's message.</summary>
internal sealed record SlackBody(string Text);
