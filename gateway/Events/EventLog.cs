namespace Strangler.Gateway.Events;

/// <summary>
/// A bounded, thread-safe history of rollout events, newest last. Old events fall off the front.
/// In a fleet it mirrors the shared event stream (<see cref="Mirror"/>: each shared event once,
/// whichever replica made it) beside this replica's own local records.
/// </summary>
internal sealed class EventLog(int capacity = EventLog.DefaultCapacity)
{
    public const int DefaultCapacity = 1000;

    private readonly Lock _lock = new();
    private readonly List<Entry> _events = new(capacity >= 1 ? Math.Min(capacity, 1024) : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "at least one event must be kept"));
    private long _nextId = 1;

    /// <summary>Raised after an event this replica made is recorded (outside the log's lock).</summary>
    public event Action<RolloutEvent>? Appended;

    /// <summary>The highest id recorded so far (shared or local).</summary>
    public long HighestId
    {
        get
        {
            lock (_lock)
            {
                return _nextId - 1;
            }
        }
    }

    public RolloutEvent Append(Func<long, RolloutEvent> create)
    {
        RolloutEvent e;
        lock (_lock)
        {
            e = create(_nextId++);
            Insert(new Entry(e, Shared: false, Announced: true));
        }

        Appended?.Invoke(e);
        return e;
    }

    /// <summary>
    /// Records an event of the shared log with its shared id, unless it is already here (a
    /// notification and a re-read can both bring it). <paramref name="own"/>: this replica made it,
    /// so it is announced here (<see cref="Appended"/>: this replica's metrics and webhooks), once,
    /// even when the shared log's notification brought it in before the writer recorded it.
    /// Returns false when it was already recorded.
    /// </summary>
    public bool Mirror(RolloutEvent e, bool own)
    {
        bool announce;
        bool added;
        lock (_lock)
        {
            var at = _events.FindIndex(x => x.Shared && x.Event.Id == e.Id);
            added = at < 0;
            if (added)
            {
                _nextId = Math.Max(_nextId, e.Id + 1);
                Insert(new Entry(e, Shared: true, Announced: own));
                announce = own;
            }
            else
            {
                announce = own && !_events[at].Announced;
                if (announce)
                {
                    _events[at] = _events[at] with { Announced = true };
                }
            }
        }

        if (announce)
        {
            Appended?.Invoke(e);
        }

        return added;
    }

    /// <summary>Newest first, optionally for one feature, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<RolloutEvent> Query(string? feature, int limit)
    {
        lock (_lock)
        {
            var result = new List<RolloutEvent>(Math.Min(limit, _events.Count));
            for (var i = _events.Count - 1; i >= 0 && result.Count < limit; i--)
            {
                var e = _events[i].Event;
                if (feature is null || e.Feature == feature)
                {
                    result.Add(e);
                }
            }

            return result;
        }
    }

    /// <summary>Called under the lock: keeps time order (a mirrored event can arrive after a newer one), drops the oldest beyond capacity.</summary>
    private void Insert(Entry entry)
    {
        var at = _events.Count;
        while (at > 0 && _events[at - 1].Event.At > entry.Event.At)
        {
            at--;
        }

        _events.Insert(at, entry);
        if (_events.Count > capacity)
        {
            _events.RemoveAt(0);
        }
    }

    /// <param name="Announced">Appended has been raised for it here (only for this replica's own events).</param>
    private readonly record struct Entry(RolloutEvent Event, bool Shared, bool Announced);
}
