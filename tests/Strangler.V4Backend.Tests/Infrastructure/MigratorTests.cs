using Microsoft.Extensions.Logging.Abstractions;
using Strangler.TestSupport.Postgres;
using Strangler.V4Backend.Infrastructure;

namespace Strangler.V4Backend.Tests.Infrastructure;

public sealed class MigratorTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Databases.Postgres)]
    [InlineData(Databases.Sqlite)]
    public async Task Running_start_up_twice_applies_and_seeds_once(string provider)
    {
        await using var database = await Databases.EmptyAsync(provider, postgres, "twice_" + provider);
        var first = await Migrate(database);
        var second = await Migrate(database);

        Assert.Equal(["001_schema.sql", "002_search.sql"], first.Applied);
        Assert.True(first.Seeded);
        Assert.Empty(second.Applied);
        Assert.False(second.Seeded);
        Assert.Equal(500, await CountAsync(database, "restaurants"));
        Assert.Equal(2, await CountAsync(database, "schema_migrations"));
    }

    [Theory]
    [InlineData(Databases.Postgres)]
    [InlineData(Databases.Sqlite)]
    public async Task Two_instances_starting_together_leave_one_correct_schema(string provider)
    {
        await using var database = await Databases.EmptyAsync(provider, postgres, "together_" + provider);
        await using var other = provider == Databases.Postgres
            ? Database.Postgres(new Npgsql.NpgsqlConnectionStringBuilder(postgres.Server.AdminConnectionString) { Database = DatabaseName(database) }.ConnectionString)
            : database;

        var results = await Task.WhenAll(Task.Run(() => Migrate(database), Ct), Task.Run(() => Migrate(other), Ct));

        Assert.Equal(1, results.Count(r => r.Seeded));
        Assert.Equal(2, results.Sum(r => r.Applied.Count));
        Assert.Equal(500, await CountAsync(database, "restaurants"));
        Assert.Equal(2000, await CountAsync(database, "reviews"));
        Assert.Equal(2, await CountAsync(database, "schema_migrations"));
    }

    [Fact]
    public void Migrations_exist_for_both_providers_with_the_same_versions()
    {
        var postgresVersions = Migrator.Migrations("Postgres").Select(m => m.Version);
        var sqliteVersions = Migrator.Migrations("Sqlite").Select(m => m.Version);
        Assert.Equal(postgresVersions, sqliteVersions);
        Assert.Equal([1, 2], postgresVersions);
    }

    private static Task<MigrationResult> Migrate(Database database) =>
        new Migrator(database, new Seeder(database), NullLogger<Migrator>.Instance).MigrateAsync(seed: true, Ct);

    private static async Task<long> CountAsync(Database database, string table)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var count = connection.Command($"SELECT COUNT(*) FROM {table}");
        return Convert.ToInt64(await count.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string DatabaseName(Database database) => database.Description[(database.Description.LastIndexOf('/') + 1)..];
}
