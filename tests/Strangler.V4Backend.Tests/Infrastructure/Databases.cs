using Microsoft.Extensions.Logging.Abstractions;
using Strangler.TestSupport.Postgres;
using Strangler.V4Backend.Infrastructure;

namespace Strangler.V4Backend.Tests.Infrastructure;

/// <summary>Fresh, migrated and seeded databases of either provider for tests.</summary>
internal static class Databases
{
    public const string Postgres = "postgres";
    public const string Sqlite = "sqlite";

    public static async Task<Database> CreateAsync(string provider, PostgresFixture postgres, string purpose, bool seed = true)
    {
        var database = await EmptyAsync(provider, postgres, purpose);
        await new Migrator(database, new Seeder(database), NullLogger<Migrator>.Instance).MigrateAsync(seed, TestContext.Current.CancellationToken);
        return database;
    }

    public static async Task<Database> EmptyAsync(string provider, PostgresFixture postgres, string purpose) =>
        provider == Postgres
            ? Database.Postgres(await postgres.CreateDatabaseAsync(purpose))
            : Database.Sqlite(Path.Combine(Directory.CreateTempSubdirectory("strangler-v4-").FullName, "v4.db"));
}
