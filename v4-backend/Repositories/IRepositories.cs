using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;

namespace Strangler.V4Backend.Repositories;

/// <summary>Restaurants in the database. Average ratings are derived from stored sums and counts.</summary>
internal interface IRestaurantRepository
{
    Task<Page<Restaurant>> ListAsync(RestaurantFilters filters, ListQuery paging, CancellationToken cancellationToken);

    Task<Restaurant?> GetAsync(int id, CancellationToken cancellationToken);

    Task<Restaurant> InsertAsync(RestaurantInput input, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Restaurant?> UpdateAsync(int id, RestaurantInput input, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes the restaurant and (by cascade) its reviews; false when there was none.</summary>
    Task<bool> DeleteAsync(int id, CancellationToken cancellationToken);
}

internal interface IReviewRepository
{
    Task<Review?> GetAsync(int id, CancellationToken cancellationToken);

    /// <summary>Newest first; null when filtering by a restaurant that does not exist.</summary>
    Task<Page<Review>?> ListAsync(int? restaurantId, ListQuery paging, CancellationToken cancellationToken);

    /// <summary>Inserts the review and updates the restaurant's aggregates atomically; null when the restaurant does not exist.</summary>
    Task<Review?> InsertAsync(ReviewInput input, int userId, DateTimeOffset now, CancellationToken cancellationToken);
}

internal interface IUserRepository
{
    Task<Page<User>> ListAsync(ListQuery paging, CancellationToken cancellationToken);

    Task<User?> GetAsync(int id, CancellationToken cancellationToken);
}

internal interface IStatisticsRepository
{
    Task<Statistics> GetAsync(CancellationToken cancellationToken);
}
