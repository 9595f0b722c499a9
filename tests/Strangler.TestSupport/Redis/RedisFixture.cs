using Strangler.TestSupport.Servers;

namespace Strangler.TestSupport.Redis;

/// <summary>
/// One redis-server per test assembly (register with [assembly: AssemblyFixture(typeof(RedisFixture))]).
/// Tests call <see cref="Require"/>, which skips them (or fails them when CI=true) without Redis.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public async ValueTask InitializeAsync() => _server = await RedisServer.StartAsync();

    /// <summary>Whether a server is running; see <see cref="Postgres.PostgresFixture.Available"/> for when to use it.</summary>
    public bool Available => _server is not null;

    public RedisServer Require()
    {
        if (_server is null)
        {
            ServerRequirement.Missing("Redis", RedisServer.Install);
        }

        return _server!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
