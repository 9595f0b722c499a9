using System.Data.Common;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;
using Strangler.V4Backend.Infrastructure;

namespace Strangler.V4Backend.Repositories;

internal sealed class UserRepository(Database database) : IUserRepository
{
    private const string Columns = "id, name, email, role, created_at";

    public async Task<Page<User>> ListAsync(ListQuery paging, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = connection.Command("SELECT COUNT(*) FROM users");
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        await using var query = connection.Command($"SELECT {Columns} FROM users ORDER BY id LIMIT @limit OFFSET @offset")
            .With("@limit", paging.Limit).With("@offset", paging.Offset);
        return new Page<User>(await ReadAllAsync(query, cancellationToken), total, paging.Limit, paging.Offset);
    }

    public async Task<User?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = connection.Command($"SELECT {Columns} FROM users WHERE id = @id").With("@id", id);
        return (await ReadAllAsync(query, cancellationToken)).SingleOrDefault();
    }

    private async Task<List<User>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var list = new List<User>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new User(reader.Int(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), database.Dialect.ReadTimestamp(reader, 4)));
        }

        return list;
    }
}
