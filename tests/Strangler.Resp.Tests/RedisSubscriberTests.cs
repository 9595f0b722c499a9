using System.Collections.Concurrent;
using System.Text;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;

namespace Strangler.Resp.Tests;

public sealed class RedisSubscriberTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Published_messages_reach_subscribers_in_order_and_stop_after_unsubscribe()
    {
        var server = redis.Require();
        var options = new RedisClientOptions { Host = server.Host, Port = server.Port };
        await using var publisher = await RedisClient.ConnectAsync(options, Ct);
        await using var subscriber = new RedisSubscriber(options);
        var received = new ConcurrentQueue<string>();
        var channel = $"events:{Guid.NewGuid():N}";
        var subscription = await subscriber.SubscribeAsync(channel, (_, message) => received.Enqueue(Encoding.UTF8.GetString(message)), Ct);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(1, await publisher.PublishAsync(channel, Encoding.UTF8.GetBytes($"m{i}"), Ct));
        }

        await Eventually.HoldsAsync(() => received.Count == 100, "100 messages", TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), received);

        await subscription.DisposeAsync();
        await Eventually.HoldsAsync(async () => await publisher.PublishAsync(channel, "late"u8.ToArray(), Ct) == 0, "the unsubscribe to take effect", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Subscriptions_are_restored_after_the_server_restarts()
    {
        await using var server = await RedisServer.StartOwnedAsync();
        var options = new RedisClientOptions { Host = server.Host, Port = server.Port, ReconnectMaxDelay = TimeSpan.FromMilliseconds(200) };
        await using var subscriber = new RedisSubscriber(options);
        var received = new ConcurrentQueue<string>();
        await subscriber.SubscribeAsync("restart", (_, m) => received.Enqueue(Encoding.UTF8.GetString(m)), Ct);

        await server.RestartAsync();
        await using var publisher = await RedisClient.ConnectAsync(options, Ct);
        await Eventually.HoldsAsync(async () => await publisher.PublishAsync("restart", "after"u8.ToArray(), Ct) == 1, "the subscription to come back", TimeSpan.FromSeconds(10));
        await Eventually.HoldsAsync(() => received.Contains("after"), "the message", TimeSpan.FromSeconds(5));
    }
}
