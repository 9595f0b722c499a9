using Strangler.Contracts.Model;
using Strangler.Contracts.Sample;
using Strangler.Contracts.Validation;

namespace Strangler.LegacyV3.Data;

/// <summary>
/// The legacy API's data, in memory, seeded from the shared sample dataset. Writers take one lock;
/// readers take it too (the data is small, and a consistent view of restaurants, reviews and
/// their aggregates matters more than read concurrency in a stub).
/// </summary>
internal sealed class InMemoryStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, Restaurant> _restaurants = [];
    private readonly SortedDictionary<int, Review> _reviews = [];
    private readonly SortedDictionary<int, User> _users = [];
    private readonly TimeProvider _time;
    private int _nextRestaurantId;
    private int _nextReviewId;

    public InMemoryStore(SampleData data, TimeProvider time)
    {
        _time = time;
        foreach (var r in data.Restaurants)
        {
            _restaurants[r.Id] = r;
        }

        foreach (var r in data.Reviews)
        {
            _reviews[r.Id] = r;
        }

        foreach (var u in data.Users)
        {
            _users[u.Id] = u;
        }

        _nextRestaurantId = _restaurants.Keys.DefaultIfEmpty().Max() + 1;
        _nextReviewId = _reviews.Keys.DefaultIfEmpty().Max() + 1;
    }

    public Page<Restaurant> ListRestaurants(RestaurantFilters filters, ListQuery paging)
    {
        var city = filters.City is null ? null : CaseFolding.Fold(filters.City);
        var search = filters.Search is null ? null : CaseFolding.Fold(filters.Search);
        lock (_lock)
        {
            var matches = _restaurants.Values.Where(r =>
                (city is null || CaseFolding.Fold(r.City) == city)
                && (filters.KosherCategory is null || r.KosherCategory == filters.KosherCategory)
                && (search is null
                    || CaseFolding.Fold(r.Name).Contains(search, StringComparison.Ordinal)
                    || (r.Description is { } description && CaseFolding.Fold(description).Contains(search, StringComparison.Ordinal))))
                .ToList();
            return new Page<Restaurant>(matches.Skip(paging.Skip).Take(paging.Limit).ToArray(), matches.Count, paging.Limit, paging.Offset);
        }
    }

    public Restaurant? GetRestaurant(int id)
    {
        lock (_lock)
        {
            return _restaurants.GetValueOrDefault(id);
        }
    }

    public Restaurant CreateRestaurant(RestaurantInput input)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var restaurant = FromInput(_nextRestaurantId++, input, null, 0, now, now);
            _restaurants[restaurant.Id] = restaurant;
            return restaurant;
        }
    }

    public Restaurant? UpdateRestaurant(int id, RestaurantInput input)
    {
        lock (_lock)
        {
            if (!_restaurants.TryGetValue(id, out var existing))
            {
                return null;
            }

            var updated = FromInput(id, input, existing.AverageRating, existing.ReviewCount, existing.CreatedAt, _time.GetUtcNow());
            _restaurants[id] = updated;
            return updated;
        }
    }

    /// <summary>Deletes the restaurant and its reviews.</summary>
    public bool DeleteRestaurant(int id)
    {
        lock (_lock)
        {
            if (!_restaurants.Remove(id))
            {
                return false;
            }

            foreach (var review in _reviews.Values.Where(r => r.RestaurantId == id).ToArray())
            {
                _reviews.Remove(review.Id);
            }

            return true;
        }
    }

    public Review? GetReview(int id)
    {
        lock (_lock)
        {
            return _reviews.GetValueOrDefault(id);
        }
    }

    /// <summary>Reviews newest first; null when filtering by a restaurant that does not exist.</summary>
    public Page<Review>? ListReviews(ReviewFilters filters, ListQuery paging)
    {
        lock (_lock)
        {
            if (filters.RestaurantId is { } restaurantId && !_restaurants.ContainsKey(restaurantId))
            {
                return null;
            }

            var matches = _reviews.Values
                .Where(r => filters.RestaurantId is null || r.RestaurantId == filters.RestaurantId)
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                .ToList();
            return new Page<Review>(matches.Skip(paging.Skip).Take(paging.Limit).ToArray(), matches.Count, paging.Limit, paging.Offset);
        }
    }

    /// <summary>Adds a review and refreshes the restaurant's aggregates; null when the restaurant does not exist.</summary>
    public Review? CreateReview(ReviewInput input, int userId)
    {
        lock (_lock)
        {
            if (!_restaurants.TryGetValue(input.RestaurantId!.Value, out var restaurant))
            {
                return null;
            }

            var review = new Review(_nextReviewId++, restaurant.Id, userId, input.Rating!.Value, input.Title, input.Content!, _time.GetUtcNow());
            _reviews[review.Id] = review;
            var ratings = _reviews.Values.Where(r => r.RestaurantId == restaurant.Id).Select(r => r.Rating).ToArray();
            _restaurants[restaurant.Id] = restaurant with
            {
                ReviewCount = ratings.Length,
                AverageRating = Math.Round(ratings.Average(), 2),
            };
            return review;
        }
    }

    public Page<User> ListUsers(ListQuery paging)
    {
        lock (_lock)
        {
            return new Page<User>(_users.Values.Skip(paging.Skip).Take(paging.Limit).ToArray(), _users.Count, paging.Limit, paging.Offset);
        }
    }

    public User? GetUser(int id)
    {
        lock (_lock)
        {
            return _users.GetValueOrDefault(id);
        }
    }

    public Statistics Statistics()
    {
        lock (_lock)
        {
            return new Statistics(
                _restaurants.Count,
                _reviews.Count,
                _users.Count,
                _reviews.Count == 0 ? null : Math.Round(_reviews.Values.Average(r => r.Rating), 2),
                KosherCategories.All.ToDictionary(c => c, c => _restaurants.Values.Count(r => r.KosherCategory == c)),
                _restaurants.Values.GroupBy(r => r.City).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
        }
    }

    private static Restaurant FromInput(int id, RestaurantInput input, double? rating, int reviews, DateTimeOffset created, DateTimeOffset updated) => new(
        id,
        input.Name!.Trim(),
        input.Address!.Trim(),
        input.City!.Trim(),
        input.KosherCategory!,
        input.CertifyingAgency,
        input.Phone,
        input.Website,
        input.PriceRange ?? 2,
        input.Latitude,
        input.Longitude,
        input.Description,
        rating,
        reviews,
        created,
        updated);
}
