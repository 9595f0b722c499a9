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

        Assert.Equal(["001_schema.sql", "002_search.sql", "003_folded_text.sql"], first.Applied);
        Assert.True(first.Seeded);
        Assert.Empty(second.Applied);
        Assert.False(second.Seeded);
        Assert.Equal(500, await CountAsync(database, "restaurants"));
        Assert.Equal(3, await CountAsync(database, "schema_migrations"));
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
        Assert.Equal(3, results.Sum(r => r.Applied.Count));
        Assert.Equal(500, await CountAsync(database, "restaurants"));
        Assert.Equal(2000, await CountAsync(database, "reviews"));
        Assert.Equal(3, await CountAsync(database, "schema_migrations"));
    }

    [Fact]
    public void Migrations_exist_for_both_providers_with_the_same_versions()
    {
        var postgresVersions = Migrator.Migrations("Postgres").Select(m => m.Version);
        var sqliteVersions = Migrator.Migrations("Sqlite").Select(m => m.Version);
        Assert.Equal(postgresVersions, sqliteVersions);
        Assert.Equal([1, 2, 3], postgresVersions);
    }

    [Theory]
    [InlineData(Databases.Postgres)]
    [InlineData(Databases.Sqlite)]
    public async Task Upgrading_a_database_from_version_2_folds_the_text_of_its_existing_rows(string provider)
    {
        await using var database = await Databases.EmptyAsync(provider, postgres, "upgrade_" + provider);
        await using (var connection = await database.OpenAsync(Ct))
        {
            // The database as version 2 left it, with a row written before folded columns existed.
            await ExecuteAsync(connection, Migrator.JournalDdl);
            foreach (var (version, name, sql) in Migrator.Migrations(database.Dialect.MigrationFolder).Where(m => m.Version <= 2))
            {
                await ExecuteAsync(connection, sql);
                await ExecuteAsync(connection, $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({version}, '{name}', 'before')");
            }

            await using var insert = connection.Command(
                "INSERT INTO restaurants (name, address, city, kosher_category, price_range, description, created_at, updated_at) " +
                "VALUES ('Café Élan', '1 Bahnhofstrasse', 'Zürich', 'dairy', 2, NULL, @now, @now)")
                .With("@now", database.Dialect.Timestamp(DateTimeOffset.UnixEpoch));
            await insert.ExecuteNonQueryAsync(Ct);
        }

        var upgrade = await new Migrator(database, new Seeder(database), NullLogger<Migrator>.Instance).MigrateAsync(seed: false, Ct);

        Assert.Equal(["003_folded_text.sql"], upgrade.Applied);
        var restaurants = new Strangler.V4Backend.Repositories.RestaurantRepository(database);
        var paging = new Strangler.Contracts.Validation.ListQuery(10, 0);
        Assert.Equal(1, (await restaurants.ListAsync(new("ZÜRICH", null, "élan"), paging, Ct)).Total);
    }

    private static Task<MigrationResult> Migrate(Database database) =>
        new Migrator(database, new Seeder(database), NullLogger<Migrator>.Instance).MigrateAsync(seed: true, Ct);

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.Command(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<long> CountAsync(Database database, string table)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var count = connection.Command($"SELECT COUNT(*) FROM {table}");
        return Convert.ToInt64(await count.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string DatabaseName(Database database) => database.Description[(database.Description.LastIndexOf('/') + 1)..];
}
