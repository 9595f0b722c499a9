using System.Data.Common;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;
using Strangler.V4Backend.Infrastructure;

namespace Strangler.V4Backend.Repositories;

internal sealed class ReviewRepository(Database database) : IReviewRepository
{
    private const string Columns = "id, restaurant_id, user_id, rating, title, content, created_at";

    public async Task<Review?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = connection.Command($"SELECT {Columns} FROM reviews WHERE id = @id").With("@id", id);
        return (await ReadAllAsync(query, cancellationToken)).SingleOrDefault();
    }

    public async Task<Page<Review>?> ListAsync(int? restaurantId, ListQuery paging, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var filter = string.Empty;
        if (restaurantId is { } id)
        {
            await using var exists = connection.Command("SELECT COUNT(*) FROM restaurants WHERE id = @id").With("@id", id);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }

            filter = " WHERE restaurant_id = @restaurant";
        }

        await using var count = connection.Command($"SELECT COUNT(*) FROM reviews{filter}").With("@restaurant", restaurantId);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        await using var query = connection.Command($"SELECT {Columns} FROM reviews{filter} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset")
            .With("@restaurant", restaurantId).With("@limit", paging.Limit).With("@offset", paging.Offset);
        return new Page<Review>(await ReadAllAsync(query, cancellationToken), total, paging.Limit, paging.Offset);
    }

    public async Task<Review?> InsertAsync(ReviewInput input, int userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var aggregate = connection.Command(
            "UPDATE restaurants SET review_count = review_count + 1, rating_sum = rating_sum + @rating WHERE id = @restaurant", transaction)
            .With("@rating", input.Rating).With("@restaurant", input.RestaurantId))
        {
            if (await aggregate.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null;
            }
        }

        await using var insert = connection.Command(
            $"INSERT INTO reviews (restaurant_id, user_id, rating, title, content, created_at) VALUES (@restaurant, @user, @rating, @title, @content, @now) RETURNING {Columns}",
            transaction)
            .With("@restaurant", input.RestaurantId).With("@user", userId).With("@rating", input.Rating)
            .With("@title", input.Title).With("@content", input.Content).With("@now", database.Dialect.Timestamp(now));
        var review = (await ReadAllAsync(insert, cancellationToken)).Single();
        await transaction.CommitAsync(cancellationToken);
        return review;
    }

    private async Task<List<Review>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var list = new List<Review>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new Review(reader.Int(0), reader.Int(1), reader.Int(2), reader.Int(3), reader.NullableString(4), reader.GetString(5), database.Dialect.ReadTimestamp(reader, 6)));
        }

        return list;
    }
}
