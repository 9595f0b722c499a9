using System.Data.Common;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Strangler.V4Backend.Infrastructure.Migrations;

namespace Strangler.V4Backend.Infrastructure;

/// <summary>
/// Applies the versioned SQL migrations (embedded NNN_name.sql files, each followed by its code
/// step where it has one) and seeds the sample dataset into an empty database, in one transaction
/// under a lock (PostgreSQL advisory lock, SQLite's write lock), so running start-up twice or two
/// instances at once leaves one correct schema.
/// </summary>
internal sealed partial class Migrator(Database database, Seeder seeder, ILogger<Migrator> logger)
{
    /// <summary>The table that records applied versions.</summary>
    internal const string JournalDdl =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)";

    public async Task<MigrationResult> MigrateAsync(bool seed, CancellationToken cancellationToken)
    {
        var migrations = Migrations(database.Dialect.MigrationFolder);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await database.Dialect.LockForMigrationAsync(connection, transaction, cancellationToken);

        await using (var create = connection.Command(JournalDdl, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<int>();
        await using (var query = connection.Command("SELECT version FROM schema_migrations", transaction))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.Int(0));
            }
        }

        var newlyApplied = new List<string>();
        foreach (var (version, name, sql) in migrations.Where(m => !applied.Contains(m.Version)))
        {
            await using (var migrate = connection.Command(sql, transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }

            if (version == FoldedTextBackfill.Version)
            {
                await FoldedTextBackfill.RunAsync(connection, transaction, cancellationToken);
            }

            await using var record = connection.Command("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)", transaction)
                .With("@version", version).With("@name", name).With("@at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken);
            newlyApplied.Add(name);
            LogApplied(logger, name, database.Description);
        }

        var seeded = seed && await seeder.SeedIfEmptyAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MigrationResult(newlyApplied, seeded);
    }

    internal static IReadOnlyList<(int Version, string Name, string Sql)> Migrations(string folder)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var marker = $".Infrastructure.Migrations.{folder}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(marker, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var text = new StreamReader(stream);
                return (Version: int.Parse(file[..3], System.Globalization.CultureInfo.InvariantCulture), Name: file, Sql: text.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToArray();
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Applied migration {Migration} to {Database}")]
    private static partial void LogApplied(ILogger logger, string migration, string database);
}

internal sealed record MigrationResult(IReadOnlyList<string> Applied, bool Seeded);
