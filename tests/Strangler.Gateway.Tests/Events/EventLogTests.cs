using Strangler.Gateway.Events;

namespace Strangler.Gateway.Tests.Events;

public sealed class EventLogTests
{
    [Fact]
    public void The_history_is_bounded_and_keeps_the_newest()
    {
        var log = new EventLog(capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            log.Append(id => Event(id, i % 2 == 0 ? "a" : "b"));
        }

        Assert.Equal([5L, 4L, 3L], log.Query(null, 100).Select(e => e.Id));
        Assert.Equal([5L, 3L], log.Query("a", 100).Select(e => e.Id));
        Assert.Equal([5L], log.Query(null, 1).Select(e => e.Id));
    }

    [Fact]
    public void A_replicas_own_shared_event_is_announced_once_even_when_the_shared_logs_notification_brought_it_first()
    {
        var log = new EventLog(capacity: 10);
        var announced = new List<long>();
        log.Appended += e => announced.Add(e.Id);

        // The sync loop mirrors the shared log's notification before the writer records its own event.
        Assert.True(log.Mirror(Event(7, "a"), own: false));
        Assert.False(log.Mirror(Event(7, "a"), own: true));
        Assert.False(log.Mirror(Event(7, "a"), own: true));

        // Another replica's event is never announced here; an own one recorded first is announced at once.
        Assert.True(log.Mirror(Event(8, "a"), own: false));
        Assert.True(log.Mirror(Event(9, "a"), own: true));
        Assert.False(log.Mirror(Event(9, "a"), own: false));

        Assert.Equal([7L, 9L], announced);
        Assert.Equal([9L, 8L, 7L], log.Query(null, 10).Select(e => e.Id));
    }

    [Fact]
    public void A_history_of_nothing_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventLog(capacity: 0));

    private static RolloutEvent Event(long id, string feature) =>
        new(id, DateTimeOffset.UnixEpoch, feature, "force", 0, 10, "test", "tester", null);
}
