namespace Strangler.Gateway.Webhooks;

/// <summary>One attempt: POST the body with the event's headers and the signature.</summary>
internal static class WebhookPost
{
    public const string EventHeader = "X-Strangler-Event";
    public const string DeliveryHeader = "X-Strangler-Delivery";

    public static async ValueTask<AttemptResult> SendAsync(HttpClient client, Webhook hook, WebhookNotice notice, byte[] body, TimeProvider time, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(EventHeader, notice.Kind);
        request.Headers.Add(DeliveryHeader, notice.DeliveryId);
        if (hook.Secret is { } secret)
        {
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, body));
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return AttemptResult.From(response, time.GetUtcNow());
    }
}
