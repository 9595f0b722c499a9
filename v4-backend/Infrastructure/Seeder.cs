using System.Data.Common;
using Npgsql;
using Strangler.Contracts.Sample;

namespace Strangler.V4Backend.Infrastructure;

/// <summary>
/// Loads the shared deterministic sample dataset into an empty database, in bulk, inside the
/// migration transaction: PostgreSQL with binary COPY, SQLite with one prepared INSERT per table
/// whose parameters are rebound for each row.
/// </summary>
internal sealed class Seeder(Database database)
{
    public async Task<bool> SeedIfEmptyAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var count = connection.Command("SELECT COUNT(*) FROM users", transaction))
        {
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }
        }

        foreach (var table in SeedTables.From(SampleDataset.Generate(), database.Dialect))
        {
            if (connection is NpgsqlConnection postgres)
            {
                await CopyAsync(postgres, table, cancellationToken);
            }
            else
            {
                await InsertAsync(connection, transaction, table, cancellationToken);
            }
        }

        if (connection is NpgsqlConnection)
        {
            await using var sequences = connection.Command(
                "SELECT setval(pg_get_serial_sequence('restaurants', 'id'), (SELECT max(id) FROM restaurants)); " +
                "SELECT setval(pg_get_serial_sequence('reviews', 'id'), (SELECT max(id) FROM reviews));", transaction);
            await sequences.ExecuteNonQueryAsync(cancellationToken);
        }

        return true;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, SeedTable table, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {table.Name} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in table.Rows)
        {
            await copy.StartRowAsync(cancellationToken);
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is { } value)
                {
                    await copy.WriteAsync(value, table.Columns[i].Type, cancellationToken);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken);
                }
            }
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, SeedTable table, CancellationToken cancellationToken)
    {
        await using var insert = await PreparedCommand.InsertAsync(connection, transaction, table.Name, table.Columns.Select(c => c.Name).ToArray(), cancellationToken);
        foreach (var row in table.Rows)
        {
            await insert.ExecuteAsync(row, cancellationToken);
        }
    }
}
