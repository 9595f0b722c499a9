using Strangler.Contracts.Model;
using Strangler.Contracts.Sample;
using Strangler.Contracts.Validation;
using Strangler.TestSupport.Postgres;
using Strangler.V4Backend.Repositories;
using Strangler.V4Backend.Tests.Infrastructure;

namespace Strangler.V4Backend.Tests.Repositories;

/// <summary>The repositories against both providers: the same expectations, the same seed data.</summary>
public sealed class RepositoryTests(PostgresFixture postgres)
{
    private static readonly SampleData Sample = SampleDataset.Generate();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Databases.Postgres)]
    [InlineData(Databases.Sqlite)]
    public async Task Seeded_rows_read_back_exactly_as_the_sample_dataset(string provider)
    {
        await using var database = await Databases.CreateAsync(provider, postgres, "seed_" + provider);
        var restaurants = new RestaurantRepository(database);
        foreach (var id in new[] { 1, 2, 250, 500 })
        {
            Assert.Equal(Sample.Restaurants[id - 1], await restaurants.GetAsync(id, Ct));
        }

        var users = await new UserRepository(database).ListAsync(new ListQuery(100, 0), Ct);
        Assert.Equal(Sample.Users, users.Items);
        var reviews = await new ReviewRepository(database).ListAsync(null, new ListQuery(100, 0), Ct);
        Assert.Equal(2000, reviews!.Total);
        Assert.Equal(Sample.Reviews.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(100), reviews.Items);
    }

    [Theory]
    [InlineData(Databases.Postgres)]
    [InlineData(Databases.Sqlite)]
    public async Task Filters_paging_and_literal_search_match_the_in_memory_reference(string provider)
    {
        await using var database = await Databases.CreateAsync(provider, postgres, "filters_" + provider);
        var restaurants = new RestaurantRepository(database);
        var cases = new (RestaurantFilters Filters, Func<Restaurant, bool> Expected)[]
        {
            (new(null, null, null), _ => true),
            (new("HAIFA", null, null), r => r.City == "Haifa"),
            (new(null, "dairy", null), r => r.KosherCategory == "dairy"),
            (new("tel aviv", "meat", null), r => r.City == "Tel Aviv" && r.KosherCategory == "meat"),
            (new(null, null, "GRILL"), r => r.Name.Contains("grill", StringComparison.OrdinalIgnoreCase) || r.Description!.Contains("grill", StringComparison.OrdinalIgnoreCase)),
            (new(null, null, "%"), _ => false),
            (new(null, null, "_"), _ => false),
            (new(null, null, "\\"), _ => false),
            (new(null, null, "'; DROP TABLE restaurants; --"), _ => false),
        };

        foreach (var (filters, expected) in cases)
        {
            var reference = Sample.Restaurants.Where(expected).ToArray();
            var page = await restaurants.ListAsync(filters, new ListQuery(7, 3), Ct);
            Assert.Equal(reference.Length, page.Total);
            Assert.Equal(reference.Skip(3).Take(7), page.Items);
        }

        Assert.Equal(500, (await restaurants.ListAsync(new(null, null, null), new ListQuery(1, 0), Ct)).Total);
    }

    [Theory]
    [InlineData(Databases.Postgres)]
    [InlineData(Databases.Sqlite)]
    public async Task Filters_ignore_case_beyond_ascii_as_the_contract_folds_it(string provider)
    {
        await using var database = await Databases.CreateAsync(provider, postgres, "folding_" + provider);
        var restaurants = new RestaurantRepository(database);
        var now = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var cafe = await restaurants.InsertAsync(new RestaurantInput("Café Élan", "1 Bahnhofstrasse", "Zürich", "dairy", null, null, null, 2, null, null, "Ωμέγα σπίτι"), now, Ct);
        var paging = new ListQuery(10, 0);

        foreach (var filters in new RestaurantFilters[] { new(null, null, "ÉLAN"), new(null, null, "élan"), new("ZÜRICH", null, null), new("zürich", null, "CAFÉ"), new(null, null, "ΣΠΊΤΙ") })
        {
            Assert.Equal([cafe.Id], (await restaurants.ListAsync(filters, paging, Ct)).Items.Select(r => r.Id));
        }

        // Folding is not accent stripping, and the filters still see later writes.
        Assert.Equal(0, (await restaurants.ListAsync(new(null, null, "CAFE E"), paging, Ct)).Total);
        await restaurants.UpdateAsync(cafe.Id, new RestaurantInput("Bäckerei Öz", "1 Bahnhofstrasse", "Genève", "dairy", null, null, null, 2, null, null, null), now, Ct);
        Assert.Equal(0, (await restaurants.ListAsync(new("zürich", null, null), paging, Ct)).Total);
        Assert.Equal([cafe.Id], (await restaurants.ListAsync(new("GENÈVE", null, "bäckerei öz"), paging, Ct)).Items.Select(r => r.Id));
    }

    [Theory]
    [InlineData(Databases.Postgres)]
    [InlineData(Databases.Sqlite)]
    public async Task Writes_keep_aggregates_consistent_and_deletes_cascade(string provider)
    {
        await using var database = await Databases.CreateAsync(provider, postgres, "writes_" + provider);
        var restaurants = new RestaurantRepository(database);
        var reviews = new ReviewRepository(database);
        var now = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1230);
        var input = new RestaurantInput("Repo Bistro", "1 A St", "Haifa", "pareve", null, null, null, 3, 32.1, 34.9, "a bistro");

        var created = await restaurants.InsertAsync(input, now, Ct);
        Assert.Equal((501, "Repo Bistro", 0, (double?)null, now, now), (created.Id, created.Name, created.ReviewCount, created.AverageRating, created.CreatedAt, created.UpdatedAt));
        Assert.Equal(created, await restaurants.GetAsync(created.Id, Ct));

        await reviews.InsertAsync(new ReviewInput(created.Id, 5, "t", "c"), 7, now, Ct);
        var second = await reviews.InsertAsync(new ReviewInput(created.Id, 2, null, "c2"), 8, now.AddSeconds(1), Ct);
        Assert.Equal((2001 + 1, 8, 2), (second!.Id, second.UserId, second.Rating));
        var rated = await restaurants.GetAsync(created.Id, Ct);
        Assert.Equal((2, 3.5), (rated!.ReviewCount, rated.AverageRating!.Value));
        Assert.Null(await reviews.InsertAsync(new ReviewInput(99_999, 5, null, "c"), 7, now, Ct));

        var updated = await restaurants.UpdateAsync(created.Id, input with { Name = "Renamed" }, now.AddDays(1), Ct);
        Assert.Equal(("Renamed", now, now.AddDays(1), 2), (updated!.Name, updated.CreatedAt, updated.UpdatedAt, updated.ReviewCount));
        Assert.Null(await restaurants.UpdateAsync(99_999, input, now, Ct));

        Assert.True(await restaurants.DeleteAsync(created.Id, Ct));
        Assert.False(await restaurants.DeleteAsync(created.Id, Ct));
        Assert.Null(await reviews.ListAsync(created.Id, new ListQuery(10, 0), Ct));
        Assert.Equal(2000, (await reviews.ListAsync(null, new ListQuery(1, 0), Ct))!.Total);
    }

    [Theory]
    [InlineData(Databases.Postgres)]
    [InlineData(Databases.Sqlite)]
    public async Task Statistics_equal_the_reference_computation(string provider)
    {
        await using var database = await Databases.CreateAsync(provider, postgres, "stats_" + provider);
        var stats = await new StatisticsRepository(database).GetAsync(Ct);
        Assert.Equal((500, 2000, 50), (stats.TotalRestaurants, stats.TotalReviews, stats.TotalUsers));
        Assert.Equal(Math.Round(Sample.Reviews.Average(r => r.Rating), 2), stats.AverageRating);
        Assert.Equal(KosherCategories.All, stats.RestaurantsByKosherCategory.Keys);
        Assert.Equal(
            Sample.Restaurants.GroupBy(r => r.City).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())),
            stats.RestaurantsByCity.Select(p => (p.Key, p.Value)));
    }
}
