using System.Data.Common;
using System.Globalization;

namespace Strangler.V4Backend.Infrastructure;

/// <summary>
/// Everything that differs between PostgreSQL and SQLite, in one place: how timestamps are stored,
/// how the migration lock is taken, and the migration folder. The SQL of the repositories is
/// otherwise the same for both.
/// </summary>
internal abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>Folder of the embedded migrations for this provider.</summary>
    public abstract string MigrationFolder { get; }

    /// <summary>A timestamp as a parameter value.</summary>
    public abstract object Timestamp(DateTimeOffset value);

    public abstract DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal);

    /// <summary>Serialises migrations across instances; called first inside the migration transaction.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public static DateTimeOffset Utc(DateTime value) =>
        new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
}

internal sealed class PostgresDialect : SqlDialect
{
    /// <summary>Arbitrary but fixed key of the advisory lock that serialises migrations.</summary>
    public const long MigrationLockKey = 0x5374_7261_6e67_6c72;

    public override string Name => "postgres";

    public override string MigrationFolder => "Postgres";

    public override object Timestamp(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime();

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({MigrationLockKey})";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

internal sealed class SqliteDialect : SqlDialect
{
    public override string Name => "sqlite";

    public override string MigrationFolder => "Sqlite";

    /// <summary>UTC, fixed-width ISO 8601, so text order is time order.</summary>
    public override object Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    // The migration transaction is BEGIN IMMEDIATE: it holds the database's write lock already.
    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
