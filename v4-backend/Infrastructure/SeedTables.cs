using NpgsqlTypes;
using Strangler.Contracts.Sample;
using Strangler.Contracts.Validation;

namespace Strangler.V4Backend.Infrastructure;

/// <summary>A column the seeder fills, with its PostgreSQL type for binary COPY.</summary>
internal sealed record SeedColumn(string Name, NpgsqlDbType Type);

/// <summary>One table's worth of seed rows; each row holds a value per column, in column order.</summary>
internal sealed record SeedTable(string Name, IReadOnlyList<SeedColumn> Columns, IEnumerable<object?[]> Rows);

/// <summary>The sample dataset as rows of the v4 schema, in insertion order (users, restaurants, reviews).</summary>
internal static class SeedTables
{
    public static IReadOnlyList<SeedTable> From(SampleData data, SqlDialect dialect)
    {
        var ratingSums = data.Reviews.GroupBy(r => r.RestaurantId).ToDictionary(g => g.Key, g => g.Sum(r => r.Rating));
        return
        [
            new SeedTable(
                "users",
                [new("id", NpgsqlDbType.Integer), new("name", NpgsqlDbType.Text), new("email", NpgsqlDbType.Text), new("role", NpgsqlDbType.Text), new("created_at", NpgsqlDbType.TimestampTz)],
                data.Users.Select(u => new object?[] { u.Id, u.Name, u.Email, u.Role, dialect.Timestamp(u.CreatedAt) })),
            new SeedTable(
                "restaurants",
                [
                    new("id", NpgsqlDbType.Integer), new("name", NpgsqlDbType.Text), new("address", NpgsqlDbType.Text), new("city", NpgsqlDbType.Text),
                    new("kosher_category", NpgsqlDbType.Text), new("certifying_agency", NpgsqlDbType.Text), new("phone", NpgsqlDbType.Text),
                    new("website", NpgsqlDbType.Text), new("price_range", NpgsqlDbType.Integer), new("latitude", NpgsqlDbType.Double),
                    new("longitude", NpgsqlDbType.Double), new("description", NpgsqlDbType.Text), new("review_count", NpgsqlDbType.Integer),
                    new("rating_sum", NpgsqlDbType.Integer), new("created_at", NpgsqlDbType.TimestampTz), new("updated_at", NpgsqlDbType.TimestampTz),
                    new("name_folded", NpgsqlDbType.Text), new("city_folded", NpgsqlDbType.Text), new("description_folded", NpgsqlDbType.Text),
                ],
                data.Restaurants.Select(r => new object?[]
                {
                    r.Id, r.Name, r.Address, r.City, r.KosherCategory, r.CertifyingAgency, r.Phone, r.Website, r.PriceRange, r.Latitude,
                    r.Longitude, r.Description, r.ReviewCount, ratingSums.GetValueOrDefault(r.Id), dialect.Timestamp(r.CreatedAt), dialect.Timestamp(r.UpdatedAt),
                    CaseFolding.Fold(r.Name), CaseFolding.Fold(r.City), r.Description is null ? null : CaseFolding.Fold(r.Description),
                })),
            new SeedTable(
                "reviews",
                [
                    new("id", NpgsqlDbType.Integer), new("restaurant_id", NpgsqlDbType.Integer), new("user_id", NpgsqlDbType.Integer), new("rating", NpgsqlDbType.Integer),
                    new("title", NpgsqlDbType.Text), new("content", NpgsqlDbType.Text), new("created_at", NpgsqlDbType.TimestampTz),
                ],
                data.Reviews.Select(r => new object?[] { r.Id, r.RestaurantId, r.UserId, r.Rating, r.Title, r.Content, dialect.Timestamp(r.CreatedAt) })),
        ];
    }
}
