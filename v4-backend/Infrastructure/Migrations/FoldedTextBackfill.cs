using System.Data.Common;
using Strangler.Contracts.Validation;

namespace Strangler.V4Backend.Infrastructure.Migrations;

/// <summary>
/// The code half of migration 003: fills the folded copies of name, city and description for the
/// rows that existed before it, in the migration's transaction. Folding happens here, in the
/// application, because neither database folds non-ASCII text the way the contract says.
/// </summary>
internal static class FoldedTextBackfill
{
    public const int Version = 3;

    public static async Task RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var rows = new List<(int Id, string Name, string City, string? Description)>();
        await using (var query = connection.Command("SELECT id, name, city, description FROM restaurants", transaction))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.Int(0), reader.GetString(1), reader.GetString(2), reader.NullableString(3)));
            }
        }

        await using var update = await PreparedCommand.CreateAsync(
            connection,
            transaction,
            "UPDATE restaurants SET name_folded = @name, city_folded = @city, description_folded = @description WHERE id = @id",
            ["@name", "@city", "@description", "@id"],
            cancellationToken);
        foreach (var (id, name, city, description) in rows)
        {
            await update.ExecuteAsync([CaseFolding.Fold(name), CaseFolding.Fold(city), description is null ? null : CaseFolding.Fold(description), id], cancellationToken);
        }
    }
}
