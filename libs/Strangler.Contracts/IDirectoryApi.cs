using Strangler.Contracts.Http;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;

namespace Strangler.Contracts;

/// <summary>
/// The public contract as operations. The HTTP surface (<see cref="Http.DirectoryEndpoints"/>) is
/// shared, so every backend that implements this interface serves exactly the same contract; each
/// backend owns its rules (validation, existence checks) and data access behind it.
/// </summary>
public interface IDirectoryApi
{
    Task<Outcome<Page<Restaurant>>> ListRestaurantsAsync(RestaurantFilters filters, ListQuery paging, CancellationToken cancellationToken);

    Task<Outcome<Restaurant>> GetRestaurantAsync(int id, CancellationToken cancellationToken);

    Task<Outcome<Restaurant>> CreateRestaurantAsync(RestaurantInput input, CancellationToken cancellationToken);

    Task<Outcome<Restaurant>> UpdateRestaurantAsync(int id, RestaurantInput input, CancellationToken cancellationToken);

    Task<Outcome<DeletedResource>> DeleteRestaurantAsync(int id, CancellationToken cancellationToken);

    Task<Outcome<Page<Review>>> ListReviewsAsync(ReviewFilters filters, ListQuery paging, CancellationToken cancellationToken);

    Task<Outcome<Review>> GetReviewAsync(int id, CancellationToken cancellationToken);

    /// <param name="author">The token's subject.</param>
    Task<Outcome<Review>> CreateReviewAsync(ReviewInput input, string author, CancellationToken cancellationToken);

    Task<Outcome<Page<User>>> ListUsersAsync(ListQuery paging, CancellationToken cancellationToken);

    Task<Outcome<User>> GetUserAsync(int id, CancellationToken cancellationToken);

    Task<Outcome<Statistics>> GetStatisticsAsync(CancellationToken cancellationToken);
}
