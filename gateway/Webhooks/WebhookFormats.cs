namespace Strangler.Gateway.Webhooks;

internal static class WebhookFormats
{
    public const string Json = "json";
    public const string Slack = "slack";
}
