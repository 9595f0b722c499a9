using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Contracts.Identity;
using Strangler.TestSupport.Hosting;
using Strangler.TestSupport.Postgres;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Time;
using Strangler.TestSupport.Waiting;
using Strangler.V4Backend.Caching;

namespace Strangler.V4Backend.Tests.Caching;

/// <summary>
/// The v4 backend with a Redis of its own that the tests stop, suspend and restart, and a clock that
/// only the tests move: Redis timeouts and break intervals pass when a test advances it, so a request
/// that completes while the clock stands still has not waited for any timeout.
/// </summary>
public sealed class CacheResilienceTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Key = "cache-tests-signing-key-0123456789abcdef";
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RedisServer _redis = null!;
    private RunningApp _app = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var database = await postgres.CreateDatabaseAsync("cache");
        _redis = await RedisServer.StartOwnedAsync();
        _app = await RunningApp.StartAsync(
            V4BackendHost.Build,
            new Dictionary<string, string?>
            {
                ["Auth:SigningKey"] = Key,
                ["ConnectionStrings:Postgres"] = database,

                // Only the cache's own timeout (on the test clock) may end a wait on Redis.
                ["ConnectionStrings:Redis"] = $"{_redis.Endpoint},commandTimeout=600000,connectTimeout=1000",
                ["Cache:RedisTimeout"] = RedisTimeout.ToString(),
                ["Cache:BreakDuration"] = BreakDuration.ToString(),
            },
            builder => builder.Services.AddSingleton<TimeProvider>(_time));
        _client = _app.CreateClient();
        await Eventually.HoldsAsync(() => Cache.Status == "redis", "the cache to connect to Redis", TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private DirectoryCache Cache => _app.Services.GetRequiredService<DirectoryCache>();

    private CacheStats Stats => _app.Services.GetRequiredService<CacheStats>();

    private long Timeouts => Stats.RedisFailures("timeout");

    private long RedisLookups => Stats.Total("restaurants", "redis", hit: true) + Stats.Total("restaurants", "redis", hit: false);

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
    public async Task With_redis_stopped_reads_keep_succeeding_without_a_5xx_or_a_timeout()
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
        Assert.Equal(0, Timeouts);
        using var ready = await _client.GetAsync("readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        await _redis.StartAgainAsync();
        await Eventually.HoldsAsync(
            async () =>
            {
                _time.Advance(BreakDuration);
                await GetOkAsync("api/v4/statistics");
                return Cache.Status == "redis";
            },
            "the cache to use Redis again",
            Patience);
    }

    [Fact]
    public async Task A_hanging_redis_costs_one_timeout_per_break_interval_and_is_used_again_once_it_answers()
    {
        await GetOkAsync("api/v4/restaurants/3");
        await _redis.SuspendAsync();

        for (var interval = 1; interval <= 4; interval++)
        {
            // Interval 1 starts with the circuit closed, the later ones with the probe after the break.
            if (interval > 1)
            {
                _time.Advance(BreakDuration);
            }

            using (var waited = await ThroughOneTimeoutAsync(() => GetAsync("api/v4/restaurants/3")))
            {
                Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
            }

            for (var i = 1; i <= 10; i++)
            {
                // The clock stands still: these can only complete because none of them waits on Redis.
                await GetOkAsync($"api/v4/restaurants/{i}");
                Assert.Equal(0, _time.PendingTimers);
            }

            Assert.Equal(interval, Timeouts);
        }

        await _redis.ResumeAsync();
        var lookups = RedisLookups;
        _time.Advance(BreakDuration);
        await GetOkAsync("api/v4/restaurants/3");
        Assert.Equal("redis", Cache.Status);
        await GetOkAsync("api/v4/restaurants/4");
        Assert.Equal(lookups + 2, RedisLookups);
        Assert.Equal(4, Timeouts);
    }

    [Fact]
    public async Task Concurrent_callers_share_the_one_timeout_of_each_break_interval()
    {
        await GetOkAsync("api/v4/restaurants/3");
        await _redis.SuspendAsync();

        // Interval 1, circuit closed: seven requests arrive 100 ms into the first one's timeout and
        // are released when that one fires, 150 ms before their own would.
        var first = GetAsync("api/v4/restaurants/1");
        await TimersArmedAsync(1);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var later = Enumerable.Range(2, 7).Select(id => GetAsync($"api/v4/restaurants/{id}")).ToArray();
        await TimersArmedAsync(8);
        _time.Advance(RedisTimeout - TimeSpan.FromMilliseconds(100));
        await AllOkAsync([first, .. later]);
        Assert.Equal(1, Timeouts);
        Assert.Equal(0, _time.PendingTimers);

        // Intervals 2 and 3: one request probes, the other seven are answered while it waits.
        for (var interval = 2; interval <= 3; interval++)
        {
            _time.Advance(BreakDuration);
            var requests = Enumerable.Range(1, 8).Select(id => GetAsync($"api/v4/restaurants/{id}")).ToArray();
            await Eventually.HoldsAsync(() => requests.Count(r => r.IsCompleted) == 7, "seven requests to be answered without waiting", Patience);
            Assert.Equal(1, _time.PendingTimers);
            _time.Advance(RedisTimeout);
            await AllOkAsync(requests);
            Assert.Equal(interval, Timeouts);
        }

        await _redis.ResumeAsync();
        _time.Advance(BreakDuration);
        await AllOkAsync(Enumerable.Range(1, 8).Select(id => GetAsync($"api/v4/restaurants/{id}")).ToArray());
        await Eventually.HoldsAsync(() => Cache.Status == "redis", "the circuit to close", Patience);
        await AllOkAsync(Enumerable.Range(1, 8).Select(id => GetAsync($"api/v4/restaurants/{id}")).ToArray());
        Assert.Equal(3, Timeouts);
    }

    [Fact]
    public async Task A_write_during_an_outage_is_not_hidden_by_stale_redis_entries_afterwards()
    {
        var admin = new Hs256Jwt(Key).Create("1", "admin", DateTimeOffset.UtcNow.AddMinutes(5));
        var before = await GetOkAsync("api/v4/restaurants/9");
        await GetOkAsync("api/v4/restaurants?city=Haifa");

        // A partition rather than a crash: Redis keeps its (now stale) entries but cannot be reached for a while.
        await _redis.SuspendAsync();
        using var updated = await ThroughOneTimeoutAsync(async () =>
        {
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
            return await _client.SendAsync(update, Ct);
        });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        // During the partition the memory tier already knows about the write.
        Assert.Equal("Renamed During Outage", (await GetOkAsync("api/v4/restaurants/9")).GetProperty("name").GetString());

        // After it, Redis still holds the old entries; the journaled invalidation must reach it before any Redis read.
        await _redis.ResumeAsync();
        var lookups = RedisLookups;
        _time.Advance(BreakDuration);
        Assert.Equal("Renamed During Outage", (await GetOkAsync("api/v4/restaurants/9")).GetProperty("name").GetString());
        Assert.True(RedisLookups > lookups, "the read after the break did not go to Redis");
        Assert.Equal("Renamed During Outage", (await GetOkAsync("api/v4/restaurants/9")).GetProperty("name").GetString());
        var haifa = await GetOkAsync("api/v4/restaurants?city=Haifa&limit=100");
        Assert.Contains(haifa.GetProperty("items").EnumerateArray(), r => r.GetProperty("name").GetString() == "Renamed During Outage");
    }

    /// <summary>Sends a request whose Redis call hangs, lets exactly its timeout pass, and returns the reply.</summary>
    private async Task<HttpResponseMessage> ThroughOneTimeoutAsync(Func<Task<HttpResponseMessage>> send)
    {
        var timeouts = Timeouts;
        var reply = send();
        await TimersArmedAsync(1);
        _time.Advance(RedisTimeout);
        var response = await reply.WaitAsync(Patience, Ct);
        Assert.Equal(timeouts + 1, Timeouts);
        return response;
    }

    private Task TimersArmedAsync(int count) =>
        Eventually.HoldsAsync(() => _time.PendingTimers == count, $"{count} request(s) to wait on Redis", Patience);

    private Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path, Ct);

    private static async Task AllOkAsync(Task<HttpResponseMessage>[] requests)
    {
        foreach (var response in await Task.WhenAll(requests).WaitAsync(Patience, Ct))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
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
