namespace Strangler.Gateway.Webhooks;

/// <summary>What status shows of one webhook's deliveries; thread-safe.</summary>
internal sealed class WebhookHistory
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastDeliveredAt;
    private DateTimeOffset? _lastFailureAt;
    private string? _lastError;
    private long _delivered;
    private long _failed;
    private long _dropped;
    private int _pending;

    public void Queued() => Interlocked.Increment(ref _pending);

    /// <summary>A queued event left the queue: handled (delivered, given up, claimed by another replica) or dropped.</summary>
    public void Done() => Interlocked.Decrement(ref _pending);

    public void Delivered(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastDeliveredAt = at;
            _delivered++;
        }
    }

    /// <summary>An attempt failed (it may be retried).</summary>
    public void AttemptFailed(DateTimeOffset at, string error)
    {
        lock (_lock)
        {
            _lastFailureAt = at;
            _lastError = error;
        }
    }

    /// <summary>A delivery was given up.</summary>
    public void Failed(DateTimeOffset at, string error)
    {
        lock (_lock)
        {
            _lastFailureAt = at;
            _lastError = error;
            _failed++;
        }
    }

    public void Dropped()
    {
        lock (_lock)
        {
            _dropped++;
        }
    }

    public WebhookStatusView View(Webhook hook)
    {
        lock (_lock)
        {
            return new WebhookStatusView(
                hook.Redacted, hook.Events, hook.Format, hook.Secret is not null,
                Volatile.Read(ref _pending), _delivered, _failed, _dropped,
                _lastDeliveredAt, _lastFailureAt, _lastError);
        }
    }
}
