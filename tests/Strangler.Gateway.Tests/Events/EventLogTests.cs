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
    public void A_history_of_nothing_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventLog(capacity: 0));

    private static RolloutEvent Event(long id, string feature) =>
        new(id, DateTimeOffset.UnixEpoch, feature, "force", 0, 10, "test", "tester", null);
}
