using System.Data.Common;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;
using Strangler.V4Backend.Infrastructure;

namespace Strangler.V4Backend.Repositories;

internal sealed class RestaurantRepository(Database database) : IRestaurantRepository
{
    internal const string Columns =
        "id, name, address, city, kosher_category, certifying_agency, phone, website, price_range, latitude, longitude, description, review_count, rating_sum, created_at, updated_at";

    public async Task<Page<Restaurant>> ListAsync(RestaurantFilters filters, ListQuery paging, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        // Case is ignored by comparing folded copies (CaseFolding), which every write keeps up to date.
        if (filters.City is not null)
        {
            where.Add("city_folded = @city");
        }

        if (filters.KosherCategory is not null)
        {
            where.Add("kosher_category = @category");
        }

        if (filters.Search is not null)
        {
            where.Add("(name_folded LIKE @search ESCAPE '\\' OR description_folded LIKE @search ESCAPE '\\')");
        }

        var filter = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        await using var connection = await database.OpenAsync(cancellationToken);
        DbCommand Bind(DbCommand command) => command
            .With("@city", filters.City is null ? null : CaseFolding.Fold(filters.City))
            .With("@category", filters.KosherCategory)
            .With("@search", filters.Search is null ? null : LikePattern.Contains(filters.Search));

        await using var count = Bind(connection.Command($"SELECT COUNT(*) FROM restaurants{filter}"));
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

        await using var query = Bind(connection.Command($"SELECT {Columns} FROM restaurants{filter} ORDER BY id LIMIT @limit OFFSET @offset"))
            .With("@limit", paging.Limit).With("@offset", paging.Offset);
        var items = await ReadAllAsync(query, cancellationToken);
        return new Page<Restaurant>(items, total, paging.Limit, paging.Offset);
    }

    public async Task<Restaurant?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = connection.Command($"SELECT {Columns} FROM restaurants WHERE id = @id").With("@id", id);
        return (await ReadAllAsync(query, cancellationToken)).SingleOrDefault();
    }

    public async Task<Restaurant> InsertAsync(RestaurantInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = Values(connection.Command(
            "INSERT INTO restaurants (name, address, city, kosher_category, certifying_agency, phone, website, price_range, latitude, longitude, description, " +
            "name_folded, city_folded, description_folded, created_at, updated_at) " +
            "VALUES (@name, @address, @city, @category, @agency, @phone, @website, @price, @lat, @lon, @description, " +
            $"@name_folded, @city_folded, @description_folded, @now, @now) RETURNING {Columns}"), input)
            .With("@now", database.Dialect.Timestamp(now));
        return (await ReadAllAsync(insert, cancellationToken)).Single();
    }

    public async Task<Restaurant?> UpdateAsync(int id, RestaurantInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = Values(connection.Command(
            "UPDATE restaurants SET name = @name, address = @address, city = @city, kosher_category = @category, certifying_agency = @agency, phone = @phone, " +
            "website = @website, price_range = @price, latitude = @lat, longitude = @lon, description = @description, " +
            $"name_folded = @name_folded, city_folded = @city_folded, description_folded = @description_folded, updated_at = @now WHERE id = @id RETURNING {Columns}"), input)
            .With("@now", database.Dialect.Timestamp(now)).With("@id", id);
        return (await ReadAllAsync(update, cancellationToken)).SingleOrDefault();
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.Command("DELETE FROM restaurants WHERE id = @id").With("@id", id);
        return await delete.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static DbCommand Values(DbCommand command, RestaurantInput input)
    {
        var (name, city) = (input.Name!.Trim(), input.City!.Trim());
        return command
            .With("@name", name).With("@address", input.Address!.Trim()).With("@city", city)
            .With("@category", input.KosherCategory).With("@agency", input.CertifyingAgency).With("@phone", input.Phone)
            .With("@website", input.Website).With("@price", input.PriceRange ?? 2).With("@lat", input.Latitude)
            .With("@lon", input.Longitude).With("@description", input.Description)
            .With("@name_folded", CaseFolding.Fold(name)).With("@city_folded", CaseFolding.Fold(city))
            .With("@description_folded", input.Description is null ? null : CaseFolding.Fold(input.Description));
    }

    private async Task<List<Restaurant>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        var list = new List<Restaurant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.Int(12);
            var sum = reader.Long(13);
            list.Add(new Restaurant(
                reader.Int(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.NullableString(5), reader.NullableString(6), reader.NullableString(7), reader.Int(8),
                reader.NullableDouble(9), reader.NullableDouble(10), reader.NullableString(11),
                count == 0 ? null : Math.Round((double)sum / count, 2),
                count,
                dialect.ReadTimestamp(reader, 14),
                dialect.ReadTimestamp(reader, 15)));
        }

        return list;
    }
}
