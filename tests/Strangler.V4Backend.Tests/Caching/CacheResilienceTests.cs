using System.Diagnostics;
using System.Net;
using Strangler.TestSupport.Net;
using Strangler.TestSupport.Postgres;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;

namespace Strangler.V4Backend.Tests.Caching;

/// <summary>
/// The v4 backend on FusionCache with a Redis of its own that the tests kill, freeze (SIGSTOP),
/// black-hole (a forwarder that keeps the connection and drops every byte) and restart. FusionCache and
/// StackExchange.Redis run on the real clock, so the tests count what a wait is made of: a Redis call
/// that timed out. Requests are sent one after another, so every timeout is one request that waited.
/// </summary>
public sealed class CacheResilienceTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Far above one wait (at most Cache:RedisTimeout, 250 ms) and far below StackExchange.Redis's
    /// default 5 s timeout, which is what a request would wait without the cache's settings.
    /// </summary>
    private static readonly TimeSpan NoRequestWaitsLonger = TimeSpan.FromSeconds(2);

    private string _database = null!;
    private RedisServer _redis = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync("cache");
        _redis = await RedisServer.StartOwnedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_redis_killed_reads_keep_succeeding_without_any_wait_and_redis_is_used_again_after_it_restarts()
    {
        await using var v4 = await StartAsync(_redis.Endpoint);
        for (var i = 1; i <= 20; i++)
        {
            await v4.GetOkAsync($"api/v4/restaurants/{i}");
        }

        _redis.Stop();
        await ReadForAsync(v4, 3 * BreakDuration);

        Assert.True(v4.Stats.Total("restaurants", "memory", hit: true) > 0);
        Assert.Contains("memory", v4.Cache.Status, StringComparison.Ordinal);
        Assert.Equal(0, v4.Timeouts);
        Assert.True(v4.RedisFailures > 0, "Redis was never tried during the outage");
        using (var ready = await v4.GetAsync("readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await _redis.StartAgainAsync();
        await RedisUsedAgainAsync(v4);
    }

    [Fact]
    public async Task A_frozen_redis_costs_one_wait_per_break_interval_and_is_used_again_once_it_answers()
    {
        await using var v4 = await StartAsync(_redis.Endpoint);
        await WarmAsync(v4);
        await _redis.SuspendAsync();
        await OneWaitPerBreakIntervalAsync(v4, intervals: 3);

        await _redis.ResumeAsync();
        await RedisUsedAgainAsync(v4);
    }

    [Fact]
    public async Task A_black_holed_redis_costs_one_wait_per_break_interval_and_is_used_again_once_the_link_heals()
    {
        await using var link = TcpForwarder.Start(_redis.Host, _redis.Port);
        await using var v4 = await StartAsync(link.Endpoint);
        await WarmAsync(v4);
        link.BlackHole();
        await OneWaitPerBreakIntervalAsync(v4, intervals: 3);
        Assert.True(link.DroppedBytes > 0);

        link.Heal();
        await RedisUsedAgainAsync(v4);
    }

    [Fact]
    public async Task Requests_arriving_together_when_redis_freezes_share_its_one_wait()
    {
        await using var v4 = await StartAsync(_redis.Endpoint);
        await WarmAsync(v4);
        await _redis.SuspendAsync();

        var together = Enumerable.Range(1, 8).Select(id => v4.GetAsync($"api/v4/restaurants/{id}")).ToArray();
        foreach (var response in await Task.WhenAll(together).WaitAsync(Patience, TestContext.Current.CancellationToken))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        // Each of them waited on Redis at most once, and the circuit they opened spares everyone after them.
        var timeouts = v4.Timeouts;
        Assert.InRange(timeouts, 1, 8);
        Assert.Contains("circuit open", v4.Cache.Status, StringComparison.Ordinal);
        for (var i = 1; i <= 20; i++)
        {
            await v4.GetOkAsync($"api/v4/restaurants/{i}");
        }

        Assert.Equal(timeouts, v4.Timeouts);
        await _redis.ResumeAsync();
        await RedisUsedAgainAsync(v4);
    }

    [Fact]
    public async Task After_a_redis_restart_that_lost_every_key_reads_and_writes_use_redis_again()
    {
        await using var v4 = await StartAsync(_redis.Endpoint);
        await v4.GetOkAsync("api/v4/restaurants/5");
        await _redis.RestartAsync();

        await RedisUsedAgainAsync(v4);
        Assert.Equal(HttpStatusCode.OK, await v4.RenameAsync(5, "After The Restart"));
        Assert.Equal("After The Restart", await v4.NameOfAsync(5));
        Assert.Equal(1, (long)await _redis.ExecuteAsync("EXISTS", "v2:v4:gen:restaurants"));
    }

    /// <summary>
    /// Sends requests one after another across <paramref name="intervals"/> break intervals while
    /// Redis does not answer: every request succeeds, each interval starts with exactly one request
    /// trying Redis (a failure: a timeout that waited, or an error that did not), and the requests
    /// after it in the interval do not try Redis at all.
    /// </summary>
    private static async Task OneWaitPerBreakIntervalAsync(V4Node v4, int intervals)
    {
        for (var interval = 1; interval <= intervals; interval++)
        {
            var failures = v4.RedisFailures;
            await Eventually.HoldsAsync(
                async () =>
                {
                    await TimedGetOkAsync(v4, "api/v4/restaurants/3");
                    return v4.RedisFailures > failures;
                },
                $"break interval {interval} to begin with a try of Redis",
                Patience);
            Assert.Equal(failures + 1, v4.RedisFailures);

            for (var i = 1; i <= 20; i++)
            {
                await TimedGetOkAsync(v4, $"api/v4/restaurants/{i}");
            }

            Assert.Equal(failures + 1, v4.RedisFailures);
        }

        Assert.InRange(v4.Timeouts, 1, intervals);
        Assert.Contains("memory", v4.Cache.Status, StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads restaurant 3 and waits until the entry that read loaded has reached Redis (FusionCache
    /// writes it in the background), so no Redis call of the warm-up is still in flight when Redis
    /// stops answering: every failure counted afterwards is one a request met.
    /// </summary>
    private async Task WarmAsync(V4Node v4)
    {
        await v4.GetOkAsync("api/v4/restaurants/3");
        await Eventually.HoldsAsync(async () => (await _redis.ExecuteAsync("KEYS", "*:restaurants:*:id:3")).Length == 1, "the warm-up entry to reach Redis", Patience);
    }

    private static async Task TimedGetOkAsync(V4Node v4, string path)
    {
        var watch = Stopwatch.StartNew();
        await v4.GetOkAsync(path);
        Assert.True(watch.Elapsed < NoRequestWaitsLonger, $"GET {path} took {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    private static async Task ReadForAsync(V4Node v4, TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            for (var i = 1; i <= 40; i++)
            {
                await TimedGetOkAsync(v4, $"api/v4/restaurants/{i}");
                await TimedGetOkAsync(v4, $"api/v4/restaurants?limit=5&offset={i}");
            }
        }
    }

    private static async Task RedisUsedAgainAsync(V4Node v4)
    {
        var lookups = v4.RedisLookups();
        await Eventually.HoldsAsync(
            async () =>
            {
                // A new offset each time: a lookup that memory cannot answer, so it goes to Redis.
                await v4.GetOkAsync($"api/v4/restaurants?limit=1&offset={Random.Shared.Next(1000, 1_000_000)}");
                return v4.Cache.Status == "redis" && v4.RedisLookups() > lookups;
            },
            "the cache to use Redis again",
            Patience);
    }

    private Task<V4Node> StartAsync(string redis) =>
        V4Node.StartAsync(_database, $"{redis},connectTimeout=1000", BreakDuration);
}
