using Npgsql;
using Strangler.TestSupport.Postgres;

namespace Strangler.TestSupport.Tests;

public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_test_database_accepts_connections_and_queries()
    {
        var connectionString = await postgres.CreateDatabaseAsync(nameof(A_test_database_accepts_connections_and_queries));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int / 10000, current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.True(reader.GetInt32(0) >= 15);
        Assert.StartsWith("t_a_test_database", reader.GetString(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Databases_of_different_tests_are_isolated()
    {
        var first = await postgres.CreateDatabaseAsync("isolation_a");
        var second = await postgres.CreateDatabaseAsync("isolation_b");
        Assert.NotEqual(first, second);

        await Execute(first, "CREATE TABLE marker (id int); INSERT INTO marker VALUES (1);");
        await using var connection = new NpgsqlConnection(second);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT to_regclass('public.marker') IS NULL", connection);
        Assert.True((bool)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);

        await postgres.Server.DropDatabaseAsync(first);
        await Assert.ThrowsAsync<PostgresException>(() => Execute(first, "SELECT 1"));
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
