using Strangler.TestSupport.Hosting;
using Strangler.TestSupport.Postgres;
using Strangler.TestSupport.Redis;
using Strangler.V4Backend;

namespace Strangler.Contract.Tests.Targets;

/// <summary>The v4 backend on its embedded SQLite database, with the in-memory cache only.</summary>
public sealed class V4SqliteTarget : IContractTarget, IAsyncLifetime
{
    private RunningApp? _app;
    private string? _directory;

    public Uri BaseAddress => _app!.BaseAddress;

    public string Prefix => "/api/v4";

    public string SigningKey => ContractKeys.SigningKey;

    public string? ExpectedBackend => "v4";

    public async ValueTask InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("strangler-v4-").FullName;
        _app = await StartAsync(new Dictionary<string, string?> { ["Database:SqlitePath"] = Path.Combine(_directory, "v4.db") });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>A v4 backend on its own SQLite file in a new temporary directory.</summary>
    internal static Task<RunningApp> StartInDirectoryAsync(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        return StartAsync(new Dictionary<string, string?> { ["Database:SqlitePath"] = Path.Combine(directory, "v4.db") });
    }

    internal static Task<RunningApp> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Auth:SigningKey"] = ContractKeys.SigningKey;
        return RunningApp.StartAsync(V4BackendHost.Build, settings);
    }
}

/// <summary>The v4 backend on PostgreSQL with Redis as cache: the production setup.</summary>
public sealed class V4PostgresTarget(PostgresFixture postgres, RedisFixture redis) : IContractTarget, IAsyncLifetime
{
    private RunningApp? _app;

    public Uri BaseAddress => _app!.BaseAddress;

    public string Prefix => "/api/v4";

    public string SigningKey => ContractKeys.SigningKey;

    public string? ExpectedBackend => "v4";

    public async ValueTask InitializeAsync()
    {
        // Without either server nothing starts, and RequireServers skips (or in CI fails) each test.
        if (!postgres.Available || !redis.Available)
        {
            return;
        }

        var database = await postgres.CreateDatabaseAsync("contract_v4");
        _app = await V4SqliteTarget.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database,
            ["ConnectionStrings:Redis"] = $"{redis.Require().Endpoint},defaultDatabase=1",
        });
    }

    public void RequireServers()
    {
        postgres.Require();
        redis.Require();
    }

    public ValueTask DisposeAsync() => _app?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>The gateway at 100 % in front of the v3 stub and the real v4 backend (SQLite).</summary>
public sealed class GatewayAt100WithV4Target() : GatewayTarget(100, (_, _) => V4SqliteTarget.StartInDirectoryAsync("strangler-v4gw-"));
