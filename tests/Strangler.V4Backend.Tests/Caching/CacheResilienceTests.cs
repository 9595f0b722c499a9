using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Contracts.Identity;
using Strangler.TestSupport.Hosting;
using Strangler.TestSupport.Postgres;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;
using Strangler.V4Backend.Caching;

namespace Strangler.V4Backend.Tests.Caching;

/// <summary>The v4 backend with a Redis of its own that the tests stop, pause and restart.</summary>
public sealed class CacheResilienceTests(PostgresFixture postgres, RedisFixture redisFixture) : IAsyncLifetime
{
    private const string Key = "cache-tests-signing-key-0123456789abcdef";
    private RedisServer _redis = null!;
    private RunningApp _app = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        redisFixture.Require();
        _redis = (await RedisServer.StartAsync())!;
        _app = await RunningApp.StartAsync(V4BackendHost.Build, new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Key,
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync("cache"),
            ["ConnectionStrings:Redis"] = $"{_redis.Endpoint},commandTimeout=5000,connectTimeout=1000",
            ["Cache:RedisTimeout"] = "00:00:00.200",
            ["Cache:BreakDuration"] = "00:00:03",
        });
        _client = _app.CreateClient();
        await Eventually.HoldsAsync(() => Cache.Status == "redis", "the cache to connect to Redis", TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private DirectoryCache Cache => _app.Services.GetRequiredService<DirectoryCache>();

    private CacheStats Stats => _app.Services.GetRequiredService<CacheStats>();

    [Fact]
    public async Task Reads_are_served_from_redis_after_the_first_miss()
    {
        await GetOkAsync("api/v4/restaurants/17");
        await GetOkAsync("api/v4/restaurants/17");
        await GetOkAsync("api/v4/restaurants/17");
        Assert.Equal(1, Stats.Total("restaurants", "redis", hit: false));
        Assert.Equal(2, Stats.Total("restaurants", "redis", hit: true));
        Assert.Contains("v4:restaurants:", await AnyKeyAsync("v4:restaurants:*"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_redis_stopped_reads_keep_succeeding_without_a_5xx()
    {
        for (var i = 1; i <= 20; i++)
        {
            await GetOkAsync($"api/v4/restaurants/{i}");
        }

        _redis.Stop();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 1; i <= 40; i++)
            {
                await GetOkAsync($"api/v4/restaurants/{i}");
                await GetOkAsync($"api/v4/restaurants?limit=5&offset={i}");
            }
        }

        Assert.True(Stats.Total("restaurants", "memory", hit: true) > 0);
        Assert.Contains("memory", Cache.Status, StringComparison.Ordinal);
        using var ready = await _client.GetAsync("readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        await _redis.StartAgainAsync();
        await Eventually.HoldsAsync(async () => { await GetOkAsync("api/v4/statistics"); return Cache.Status == "redis"; }, "the cache to use Redis again", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_hanging_redis_costs_at_most_one_timeout_per_break_interval()
    {
        await GetOkAsync("api/v4/restaurants/3");
        await _redis.CommandAsync("CLIENT PAUSE 4000 ALL");

        var slow = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(2.5))
        {
            var started = Stopwatch.GetTimestamp();
            await GetOkAsync("api/v4/restaurants/3");
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMilliseconds(150))
            {
                slow++;
            }
        }

        // The breaker needs two failures to open (its minimum throughput); after that no request waits on Redis.
        Assert.InRange(slow, 1, 2);
    }

    [Fact]
    public async Task A_write_during_an_outage_is_not_hidden_by_stale_redis_entries_afterwards()
    {
        var admin = new Hs256Jwt(Key).Create("1", "admin", DateTimeOffset.UtcNow.AddMinutes(5));
        var before = await GetOkAsync("api/v4/restaurants/9");
        await GetOkAsync("api/v4/restaurants?city=Haifa");

        // A partition rather than a crash: Redis keeps its (now stale) entries but cannot be reached for a while.
        await _redis.CommandAsync("CLIENT PAUSE 2500 ALL");
        using var update = new HttpRequestMessage(HttpMethod.Put, "api/v4/restaurants/9")
        {
            Content = JsonContent.Create(new
            {
                name = "Renamed During Outage",
                address = before.GetProperty("address").GetString(),
                city = "Haifa",
                kosher_category = before.GetProperty("kosher_category").GetString(),
            }),
        };
        update.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var updated = await _client.SendAsync(update, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        // During the partition the memory tier already knows about the write.
        Assert.Equal("Renamed During Outage", (await GetOkAsync("api/v4/restaurants/9")).GetProperty("name").GetString());

        // After it, Redis still holds the old entries; the journaled invalidation must reach it before any Redis read.
        var hitsBefore = Stats.Total("restaurants", "redis", hit: true) + Stats.Total("restaurants", "redis", hit: false);
        await Eventually.HoldsAsync(
            async () =>
            {
                await GetOkAsync("api/v4/restaurants/9");
                return Stats.Total("restaurants", "redis", hit: true) + Stats.Total("restaurants", "redis", hit: false) > hitsBefore;
            },
            "reads to go to Redis again",
            TimeSpan.FromSeconds(20));

        Assert.Equal("Renamed During Outage", (await GetOkAsync("api/v4/restaurants/9")).GetProperty("name").GetString());
        var haifa = await GetOkAsync("api/v4/restaurants?city=Haifa&limit=100");
        Assert.Contains(haifa.GetProperty("items").EnumerateArray(), r => r.GetProperty("name").GetString() == "Renamed During Outage");
    }

    private async Task<JsonElement> GetOkAsync(string path)
    {
        using var response = await _client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("data");
    }

    private async Task<string> AnyKeyAsync(string pattern)
    {
        await using var client = await Strangler.Resp.RedisClient.ConnectAsync(new Strangler.Resp.RedisClientOptions { Host = _redis.Host, Port = _redis.Port }, Ct);
        await foreach (var key in client.ScanAsync(pattern, cancellationToken: Ct))
        {
            return key;
        }

        return string.Empty;
    }
}
