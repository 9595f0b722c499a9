using System.Net;
using Strangler.TestSupport.Postgres;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;

namespace Strangler.V4Backend.Tests.Caching;

/// <summary>
/// Two v4 instances on one PostgreSQL database and one Redis, as a deployment with two replicas runs:
/// what one writes, the other reads at once while Redis is up, and after an outage in which it was written.
/// </summary>
public sealed class CacheCoherenceTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private RedisServer _redis = null!;
    private V4Node _a = null!;
    private V4Node _b = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await postgres.CreateDatabaseAsync("coherence");
        _redis = await RedisServer.StartOwnedAsync();
        var redis = $"{_redis.Endpoint},connectTimeout=1000";
        // Coherence, not timing: a Redis call that outlasts the production default (250 ms) on a loaded
        // test machine is no failure of coherence, so these instances wait longer before giving up on Redis.
        var patient = new Dictionary<string, string?> { ["Cache:RedisTimeout"] = "00:00:02" };
        _a = await V4Node.StartAsync(database, redis, BreakDuration, patient);
        _b = await V4Node.StartAsync(database, redis, BreakDuration, patient);

        // Both connect in the background; a request before that skips Redis by design, which is not what these tests are about.
        await Eventually.HoldsAsync(() => Task.FromResult(_a.Cache.Status == "redis" && _b.Cache.Status == "redis"), "both instances to be connected to Redis", Patience);
    }

    public async ValueTask DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_write_on_one_instance_is_read_on_the_other_immediately_every_time()
    {
        for (var round = 1; round <= 100; round++)
        {
            // Both instances hold the restaurant in memory before the write.
            await _a.GetOkAsync("api/v4/restaurants/11");
            await _b.GetOkAsync("api/v4/restaurants/11");
            await _b.GetOkAsync("api/v4/restaurants?city=Haifa&limit=100");

            var name = $"Coherent Round {round}";
            Assert.Equal(HttpStatusCode.OK, await _a.RenameAsync(11, name));
            Assert.Equal(name, await _b.NameOfAsync(11));
        }

        Assert.Equal(0, _a.RedisFailures + _b.RedisFailures);
        Assert.True(_b.Stats.Total("restaurants", "memory", hit: true) > 0, "the second instance never served from memory");
    }

    [Fact]
    public async Task A_write_during_an_outage_is_read_at_once_where_it_was_made_and_everywhere_after_the_outage()
    {
        Assert.Equal(HttpStatusCode.OK, await _a.RenameAsync(9, "Before The Outage"));
        Assert.Equal("Before The Outage", await _a.NameOfAsync(9));
        Assert.Equal("Before The Outage", await _b.NameOfAsync(9));
        var cityList = $"api/v4/restaurants?city={Uri.EscapeDataString((await _b.GetOkAsync("api/v4/restaurants/9")).GetProperty("city").GetString()!)}&limit=100";
        Assert.Contains((await _b.GetOkAsync(cityList)).GetProperty("items").EnumerateArray(), r => r.GetProperty("name").GetString() == "Before The Outage");

        // A partition rather than a crash: Redis keeps its (soon stale) entries and generations.
        await _redis.SuspendAsync();
        Assert.Equal(HttpStatusCode.OK, await _a.RenameAsync(9, "Renamed During Outage"));
        Assert.Equal("Renamed During Outage", await _a.NameOfAsync(9));

        // Once Redis answers, the instance that wrote keeps reading its write (newer than what Redis
        // holds until auto-recovery replays it), and the other one reads it as soon as the replay landed.
        await _redis.ResumeAsync();
        await Eventually.HoldsAsync(
            async () =>
            {
                Assert.Equal("Renamed During Outage", await _a.NameOfAsync(9));
                return await _b.NameOfAsync(9) == "Renamed During Outage";
            },
            "the second instance to read the write made during the outage",
            Patience);
        Assert.Equal("redis", _a.Cache.Status);
        Assert.Equal("redis", _b.Cache.Status);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("Renamed During Outage", await _a.NameOfAsync(9));
            Assert.Equal("Renamed During Outage", await _b.NameOfAsync(9));
        }

        Assert.Contains((await _b.GetOkAsync(cityList)).GetProperty("items").EnumerateArray(), r => r.GetProperty("name").GetString() == "Renamed During Outage");
    }

    [Fact]
    public async Task An_entry_one_instance_stored_is_read_from_redis_by_the_other()
    {
        await _a.GetOkAsync("api/v4/restaurants/17");
        Assert.Equal(1, _a.Stats.Total("restaurants", "redis", hit: false));

        // The entry a miss loaded goes to Redis in the background.
        await Eventually.HoldsAsync(async () => (await _redis.ExecuteAsync("KEYS", "*:restaurants:*:id:17")).Length == 1, "the entry to reach Redis", Patience);

        await _b.GetOkAsync("api/v4/restaurants/17");
        await _b.GetOkAsync("api/v4/restaurants/17");
        Assert.Equal((0, 1, 1), (_b.Stats.Total("restaurants", "redis", hit: false), _b.Stats.Total("restaurants", "redis", hit: true), _b.Stats.Total("restaurants", "memory", hit: true)));
    }
}
