using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Strangler.Contracts.Model;
using Strangler.Contracts.Sample;

namespace Strangler.V4Backend.Infrastructure;

/// <summary>
/// Loads the shared deterministic sample dataset into an empty database: PostgreSQL with binary
/// COPY, SQLite with parameterised inserts inside the migration transaction (one write transaction).
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

        var data = SampleDataset.Generate();
        var ratingSums = data.Reviews.GroupBy(r => r.RestaurantId).ToDictionary(g => g.Key, g => g.Sum(r => r.Rating));
        if (connection is NpgsqlConnection postgres)
        {
            await CopyAsync(postgres, data, ratingSums, cancellationToken);
            await using var sequences = connection.Command(
                "SELECT setval(pg_get_serial_sequence('restaurants', 'id'), (SELECT max(id) FROM restaurants)); " +
                "SELECT setval(pg_get_serial_sequence('reviews', 'id'), (SELECT max(id) FROM reviews));", transaction);
            await sequences.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            await InsertAsync(connection, transaction, data, ratingSums, cancellationToken);
        }

        return true;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, SampleData data, Dictionary<int, int> ratingSums, CancellationToken cancellationToken)
    {
        await using (var users = await connection.BeginBinaryImportAsync("COPY users (id, name, email, role, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var u in data.Users)
            {
                await users.StartRowAsync(cancellationToken);
                await users.WriteAsync(u.Id, NpgsqlDbType.Integer, cancellationToken);
                await users.WriteAsync(u.Name, NpgsqlDbType.Text, cancellationToken);
                await users.WriteAsync(u.Email, NpgsqlDbType.Text, cancellationToken);
                await users.WriteAsync(u.Role, NpgsqlDbType.Text, cancellationToken);
                await users.WriteAsync(u.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await users.CompleteAsync(cancellationToken);
        }

        await using (var restaurants = await connection.BeginBinaryImportAsync(
            "COPY restaurants (id, name, address, city, kosher_category, certifying_agency, phone, website, price_range, latitude, longitude, description, review_count, rating_sum, created_at, updated_at) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var r in data.Restaurants)
            {
                await restaurants.StartRowAsync(cancellationToken);
                await restaurants.WriteAsync(r.Id, NpgsqlDbType.Integer, cancellationToken);
                await restaurants.WriteAsync(r.Name, NpgsqlDbType.Text, cancellationToken);
                await restaurants.WriteAsync(r.Address, NpgsqlDbType.Text, cancellationToken);
                await restaurants.WriteAsync(r.City, NpgsqlDbType.Text, cancellationToken);
                await restaurants.WriteAsync(r.KosherCategory, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(restaurants, r.CertifyingAgency, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(restaurants, r.Phone, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(restaurants, r.Website, NpgsqlDbType.Text, cancellationToken);
                await restaurants.WriteAsync(r.PriceRange, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(restaurants, r.Latitude, NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(restaurants, r.Longitude, NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(restaurants, r.Description, NpgsqlDbType.Text, cancellationToken);
                await restaurants.WriteAsync(r.ReviewCount, NpgsqlDbType.Integer, cancellationToken);
                await restaurants.WriteAsync(ratingSums.GetValueOrDefault(r.Id), NpgsqlDbType.Integer, cancellationToken);
                await restaurants.WriteAsync(r.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await restaurants.WriteAsync(r.UpdatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await restaurants.CompleteAsync(cancellationToken);
        }

        await using var reviews = await connection.BeginBinaryImportAsync(
            "COPY reviews (id, restaurant_id, user_id, rating, title, content, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var r in data.Reviews)
        {
            await reviews.StartRowAsync(cancellationToken);
            await reviews.WriteAsync(r.Id, NpgsqlDbType.Integer, cancellationToken);
            await reviews.WriteAsync(r.RestaurantId, NpgsqlDbType.Integer, cancellationToken);
            await reviews.WriteAsync(r.UserId, NpgsqlDbType.Integer, cancellationToken);
            await reviews.WriteAsync(r.Rating, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(reviews, r.Title, NpgsqlDbType.Text, cancellationToken);
            await reviews.WriteAsync(r.Content, NpgsqlDbType.Text, cancellationToken);
            await reviews.WriteAsync(r.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await reviews.CompleteAsync(cancellationToken);
    }

    private async Task InsertAsync(DbConnection connection, DbTransaction transaction, SampleData data, Dictionary<int, int> ratingSums, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        foreach (var u in data.Users)
        {
            await using var insert = connection.Command("INSERT INTO users (id, name, email, role, created_at) VALUES (@id, @name, @email, @role, @created)", transaction)
                .With("@id", u.Id).With("@name", u.Name).With("@email", u.Email).With("@role", u.Role).With("@created", dialect.Timestamp(u.CreatedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var r in data.Restaurants)
        {
            await using var insert = connection.Command(
                "INSERT INTO restaurants (id, name, address, city, kosher_category, certifying_agency, phone, website, price_range, latitude, longitude, description, review_count, rating_sum, created_at, updated_at) " +
                "VALUES (@id, @name, @address, @city, @category, @agency, @phone, @website, @price, @lat, @lon, @description, @count, @sum, @created, @updated)", transaction)
                .With("@id", r.Id).With("@name", r.Name).With("@address", r.Address).With("@city", r.City).With("@category", r.KosherCategory)
                .With("@agency", r.CertifyingAgency).With("@phone", r.Phone).With("@website", r.Website).With("@price", r.PriceRange)
                .With("@lat", r.Latitude).With("@lon", r.Longitude).With("@description", r.Description).With("@count", r.ReviewCount)
                .With("@sum", ratingSums.GetValueOrDefault(r.Id)).With("@created", dialect.Timestamp(r.CreatedAt)).With("@updated", dialect.Timestamp(r.UpdatedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var r in data.Reviews)
        {
            await using var insert = connection.Command(
                "INSERT INTO reviews (id, restaurant_id, user_id, rating, title, content, created_at) VALUES (@id, @restaurant, @user, @rating, @title, @content, @created)", transaction)
                .With("@id", r.Id).With("@restaurant", r.RestaurantId).With("@user", r.UserId).With("@rating", r.Rating)
                .With("@title", r.Title).With("@content", r.Content).With("@created", dialect.Timestamp(r.CreatedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);
}
