using System.Diagnostics.Metrics;
using Strangler.Gateway.Metrics;

namespace Strangler.Gateway.Webhooks;

/// <summary>
/// strangler_gateway_webhook_deliveries_total{result}: delivered, retried (an attempt failed and
/// is tried again), failed (given up), dropped (queue full). Every result starts at 0 when webhooks
/// are configured, so an alert on an increase fires on the first one.
/// </summary>
internal sealed class WebhookMetrics
{
    public static readonly string[] Results = ["delivered", "retried", "failed", "dropped"];

    private readonly Counter<long> _deliveries;

    public WebhookMetrics(IMeterFactory meters)
    {
        _deliveries = meters.Create(GatewayMetrics.MeterName).CreateCounter<long>("strangler.gateway.webhook.deliveries", "{delivery}",
            "Webhook deliveries by result: delivered, retried (an attempt failed and is retried), failed (given up), dropped (queue full).");
        foreach (var result in Results)
        {
            _deliveries.Add(0, new KeyValuePair<string, object?>("result", result));
        }
    }

    public void Delivered() => Add("delivered");

    public void Retried() => Add("retried");

    public void Failed() => Add("failed");

    public void Dropped() => Add("dropped");

    private void Add(string result) => _deliveries.Add(1, new KeyValuePair<string, object?>("result", result));
}
