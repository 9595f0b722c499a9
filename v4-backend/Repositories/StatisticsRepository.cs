using Strangler.Contracts.Model;
using Strangler.V4Backend.Infrastructure;

namespace Strangler.V4Backend.Repositories;

internal sealed class StatisticsRepository(Database database) : IStatisticsRepository
{
    public async Task<Statistics> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var totals = connection.Command(
            "SELECT (SELECT COUNT(*) FROM restaurants), (SELECT COUNT(*) FROM reviews), (SELECT COUNT(*) FROM users), (SELECT SUM(rating) FROM reviews)");
        int restaurants, reviews, users;
        long ratingSum;
        await using (var reader = await totals.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (restaurants, reviews, users, ratingSum) = (reader.Int(0), reader.Int(1), reader.Int(2), reader.Long(3));
        }

        var byCategory = KosherCategories.All.ToDictionary(c => c, _ => 0);
        var byCity = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await using var groups = connection.Command("SELECT kosher_category, city, COUNT(*) FROM restaurants GROUP BY kosher_category, city");
        await using (var reader = await groups.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.Int(2);
                byCategory[reader.GetString(0)] += count;
                byCity[reader.GetString(1)] = byCity.GetValueOrDefault(reader.GetString(1)) + count;
            }
        }

        return new Statistics(
            restaurants,
            reviews,
            users,
            reviews == 0 ? null : Math.Round((double)ratingSum / reviews, 2),
            byCategory,
            byCity.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }
}
