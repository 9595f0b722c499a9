namespace Strangler.Gateway.Events;

/// <summary>A bounded, thread-safe history of rollout events, newest last. Old events fall off the front.</summary>
internal sealed class EventLog(int capacity = EventLog.DefaultCapacity)
{
    public const int DefaultCapacity = 1000;

    private readonly Lock _lock = new();
    private readonly Queue<RolloutEvent> _events = new(capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "at least one event must be kept"));
    private long _nextId = 1;

    /// <summary>Raised after an event is recorded (outside the log's lock).</summary>
    public event Action<RolloutEvent>? Appended;

    public RolloutEvent Append(Func<long, RolloutEvent> create)
    {
        RolloutEvent e;
        lock (_lock)
        {
            e = create(_nextId++);
            if (_events.Count == capacity)
            {
                _events.Dequeue();
            }

            _events.Enqueue(e);
        }

        Appended?.Invoke(e);
        return e;
    }

    /// <summary>Newest first, optionally for one feature, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<RolloutEvent> Query(string? feature, int limit)
    {
        lock (_lock)
        {
            return _events.Reverse()
                .Where(e => feature is null || e.Feature == feature)
                .Take(limit)
                .ToArray();
        }
    }
}
