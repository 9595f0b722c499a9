using System.Threading.Channels;
using Polly;

namespace Strangler.Gateway.Webhooks;

/// <summary>
/// One webhook's bounded queue (the oldest event is dropped when it is full), delivered in order,
/// one at a time, by the dispatcher.
/// </summary>
internal sealed class WebhookLane
{
    public const int Capacity = 1000;

    public WebhookLane(Webhook hook, Func<WebhookLane, ResiliencePipeline<AttemptResult>> pipeline, Action<WebhookLane, WebhookNotice> dropped)
    {
        Hook = hook;
        Pipeline = pipeline(this);
        Queue = Channel.CreateBounded<WebhookNotice>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            notice => dropped(this, notice));
    }

    public Webhook Hook { get; }

    public ResiliencePipeline<AttemptResult> Pipeline { get; }

    public Channel<WebhookNotice> Queue { get; }

    public WebhookHistory History { get; } = new();

    /// <summary>Never waits: a full queue drops its oldest event instead.</summary>
    public void Enqueue(WebhookNotice notice)
    {
        if (Hook.Wants(notice.Kind))
        {
            History.Queued();
            if (!Queue.Writer.TryWrite(notice))
            {
                History.Done(); // stopping: the queue is closed
            }
        }
    }
}
