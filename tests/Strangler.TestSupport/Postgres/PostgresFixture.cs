using Strangler.TestSupport.Servers;

namespace Strangler.TestSupport.Postgres;

/// <summary>
/// One PostgreSQL server per test assembly (register with [assembly: AssemblyFixture(typeof(PostgresFixture))]).
/// Tests call <see cref="CreateDatabaseAsync"/> for an isolated database; when no server is
/// available the call skips the test (or fails it when CI=true).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("call Require() first");

    /// <summary>
    /// Whether a server is running. Class fixtures check this instead of calling <see cref="Require"/>:
    /// a skip thrown while a class fixture initialises fails every test of the class, so the tests
    /// themselves call <see cref="Require"/>.
    /// </summary>
    public bool Available => _server is not null;

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    /// <summary>Skips (or, in CI, fails) the calling test when PostgreSQL is unavailable.</summary>
    public PostgresServer Require()
    {
        if (_server is null)
        {
            ServerRequirement.Missing("PostgreSQL", PostgresBinaries.Install);
        }

        return _server!;
    }

    public Task<string> CreateDatabaseAsync(string purpose) => Require().CreateDatabaseAsync(purpose);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
