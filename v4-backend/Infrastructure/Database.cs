using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Strangler.V4Backend.Infrastructure;

/// <summary>Opens connections to the configured database: one pooled NpgsqlDataSource, or SQLite in WAL mode.</summary>
internal sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    private Database(NpgsqlDataSource? postgres, string? sqlite, SqlDialect dialect)
    {
        _postgres = postgres;
        _sqlite = sqlite;
        Dialect = dialect;
    }

    public SqlDialect Dialect { get; }

    /// <summary>"postgres" or "sqlite", and where, without credentials (for /readyz and logs).</summary>
    public string Description { get; private init; } = string.Empty;

    public static Database Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new Database(NpgsqlDataSource.Create(connectionString), null, new PostgresDialect())
        {
            Description = $"postgres {builder.Host}:{builder.Port}/{builder.Database}",
        };
    }

    public static Database Sqlite(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Cache = SqliteCacheMode.Private, Pooling = true, DefaultTimeout = 30 }.ToString();
        return new Database(null, connectionString, new SqliteDialect()) { Description = $"sqlite {Path.GetFullPath(path)}" };
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
