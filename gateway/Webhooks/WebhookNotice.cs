using Strangler.Gateway.Events;
using Strangler.Gateway.Rollout;

namespace Strangler.Gateway.Webhooks;

/// <summary>
/// What is to be told: a rollout event or a rejected rollout.json revision. <paramref name="DeliveryId"/>
/// stays the same over the retries of one delivery (X-Strangler-Delivery), so a receiver can drop repeats.
/// </summary>
internal sealed record WebhookNotice(string Kind, RolloutEvent? Event, ConfigFailure? Rejection, string DeliveryId)
{
    public static WebhookNotice Of(RolloutEvent e) => new(e.Kind, e, null, Guid.NewGuid().ToString("N"));

    public static WebhookNotice Of(ConfigFailure failure) => new(WebhookKinds.ConfigRejected, null, failure, Guid.NewGuid().ToString("N"));
}
