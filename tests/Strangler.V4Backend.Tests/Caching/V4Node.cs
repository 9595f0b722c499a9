using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Contracts.Identity;
using Strangler.Contracts.Model;
using Strangler.TestSupport.Hosting;
using Strangler.V4Backend.Caching;

namespace Strangler.V4Backend.Tests.Caching;

/// <summary>One v4 instance on real Kestrel for the cache tests, with its client and its cache's counters.</summary>
internal sealed class V4Node : IAsyncDisposable
{
    public const string SigningKey = "cache-tests-signing-key-0123456789abcdef";

    private readonly RunningApp _app;

    private V4Node(RunningApp app)
    {
        _app = app;
        Client = app.CreateClient();
    }

    public HttpClient Client { get; }

    public DirectoryCache Cache => _app.Services.GetRequiredService<DirectoryCache>();

    public CacheStats Stats => _app.Services.GetRequiredService<CacheStats>();

    public long Timeouts => Stats.RedisFailures("timeout");

    /// <summary>Redis calls that failed: timeouts (a wait) and errors (no wait: refused, disconnected).</summary>
    public long RedisFailures => Stats.RedisFailures("timeout") + Stats.RedisFailures("error");

    public long RedisLookups(string area = "restaurants") => Stats.Total(area, "redis", hit: true) + Stats.Total(area, "redis", hit: false);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="redis">ConnectionStrings:Redis, or null for memory only.</param>
    public static async Task<V4Node> StartAsync(string database, string? redis, TimeSpan? breakDuration = null, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["ConnectionStrings:Postgres"] = database,
            ["ConnectionStrings:Redis"] = redis,
            ["Cache:BreakDuration"] = (breakDuration ?? TimeSpan.FromSeconds(1)).ToString(),
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new V4Node(await RunningApp.StartAsync(V4BackendHost.Build, settings, cancellationToken: Ct));
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path, Ct);

    /// <summary>GET that must be a 200; returns the envelope's data.</summary>
    public async Task<JsonElement> GetOkAsync(string path)
    {
        using var response = await Client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("data");
    }

    /// <summary>GET with an admin token that must be a 200; returns the envelope's data.</summary>
    public async Task<JsonElement> GetOkAsAdminAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken());
        using var response = await Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("data");
    }

    /// <summary>Renames a restaurant (an admin PUT of all its fields) and returns the status.</summary>
    public async Task<HttpStatusCode> RenameAsync(int id, string name)
    {
        var current = await GetOkAsync($"api/v4/restaurants/{id}");
        using var update = new HttpRequestMessage(HttpMethod.Put, $"api/v4/restaurants/{id}")
        {
            Content = JsonContent.Create(new
            {
                name,
                address = current.GetProperty("address").GetString(),
                city = current.GetProperty("city").GetString(),
                kosher_category = current.GetProperty("kosher_category").GetString(),
            }),
        };
        update.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken());
        using var response = await Client.SendAsync(update, Ct);
        return response.StatusCode;
    }

    public async Task<string?> NameOfAsync(int id) => (await GetOkAsync($"api/v4/restaurants/{id}")).GetProperty("name").GetString();

    private static string AdminToken() => ContractTokens.Create(SigningKey, "1", Roles.Admin, DateTimeOffset.UtcNow.AddMinutes(5));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
