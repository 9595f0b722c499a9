using System.Text.Json;
using StackExchange.Redis;
using Strangler.TestSupport.Postgres;
using Strangler.TestSupport.Redis;

namespace Strangler.V4Backend.Tests.Caching;

/// <summary>What the cache keeps where: memory first, Redis with each area's TTL, memory only without Redis.</summary>
/// <remarks>Each test owns its redis-server: entries are keyed by area and generation, not by database.</remarks>
public sealed class DirectoryCacheTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_read_is_loaded_once_then_served_from_memory_and_kept_in_redis()
    {
        await using var server = await RedisServer.StartOwnedAsync();
        await using var v4 = await V4Node.StartAsync(await postgres.CreateDatabaseAsync("tiers"), server.Endpoint);
        await v4.GetOkAsync("api/v4/restaurants/17");
        await v4.GetOkAsync("api/v4/restaurants/17");
        await v4.GetOkAsync("api/v4/restaurants/17");

        Assert.Equal(1, v4.Stats.Total("restaurants", "redis", hit: false));
        Assert.Equal(2, v4.Stats.Total("restaurants", "memory", hit: true));
        Assert.Equal(0, v4.Stats.Total("restaurants", "redis", hit: true));
    }

    [Theory]
    [InlineData("api/v4/restaurants/23", "restaurants", 30)]
    [InlineData("api/v4/reviews?restaurant_id=23", "reviews", 15)]
    [InlineData("api/v4/users/3", "users", 60)]
    [InlineData("api/v4/statistics", "statistics", 5)]
    public async Task Entries_in_redis_expire_after_their_areas_ttl(string path, string area, int minutes)
    {
        await using var server = await RedisServer.StartOwnedAsync();
        await using var v4 = await V4Node.StartAsync(await postgres.CreateDatabaseAsync("ttl"), server.Endpoint);
        if (area == "users")
        {
            await v4.GetOkAsAdminAsync(path);
        }
        else
        {
            await v4.GetOkAsync(path);
        }

        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
        var entry = await Strangler.TestSupport.Waiting.Eventually.ReturnsAsync(
            async () =>
            {
                var keys = connection.GetServer(server.Endpoint).KeysAsync(pattern: $"v2:v4:{area}:*");
                await foreach (var key in keys)
                {
                    if (await connection.GetDatabase().HashGetAsync(key, "data") is { HasValue: true } data)
                    {
                        return (true, JsonDocument.Parse((byte[])data!).RootElement.Clone());
                    }
                }

                return (false, default(JsonElement));
            },
            $"an entry of {area} in Redis",
            TimeSpan.FromSeconds(10));

        var ttl = TimeSpan.FromTicks(entry.GetProperty("LogicalExpirationTimestamp").GetInt64() - entry.GetProperty("Timestamp").GetInt64());
        Assert.InRange(ttl, TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Without_redis_the_cache_is_memory_only_and_a_write_is_read_at_once()
    {
        await using var v4 = await V4Node.StartAsync(await postgres.CreateDatabaseAsync("memory-only"), null);
        Assert.Equal("memory only", v4.Cache.Status);
        await v4.GetOkAsync("api/v4/restaurants/4");
        Assert.Equal(System.Net.HttpStatusCode.OK, await v4.RenameAsync(4, "Memory Only Diner"));
        Assert.Equal("Memory Only Diner", await v4.NameOfAsync(4));
        Assert.Equal(1, v4.Stats.Total("restaurants", "memory", hit: true));
        Assert.Equal(0, v4.RedisLookups());
    }
}
