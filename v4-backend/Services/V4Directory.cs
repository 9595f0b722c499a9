using Strangler.Contracts;
using Strangler.Contracts.Http;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;

namespace Strangler.V4Backend.Services;

/// <summary>The public contract's operations, served by the v4 services.</summary>
internal sealed class V4Directory(RestaurantService restaurants, ReviewService reviews, UserService users, StatisticsService statistics) : IDirectoryApi
{
    public Task<Outcome<Page<Restaurant>>> ListRestaurantsAsync(RestaurantFilters filters, ListQuery paging, CancellationToken cancellationToken) =>
        restaurants.ListAsync(filters, paging, cancellationToken);

    public Task<Outcome<Restaurant>> GetRestaurantAsync(int id, CancellationToken cancellationToken) => restaurants.GetAsync(id, cancellationToken);

    public Task<Outcome<Restaurant>> CreateRestaurantAsync(RestaurantInput input, CancellationToken cancellationToken) => restaurants.CreateAsync(input, cancellationToken);

    public Task<Outcome<Restaurant>> UpdateRestaurantAsync(int id, RestaurantInput input, CancellationToken cancellationToken) => restaurants.UpdateAsync(id, input, cancellationToken);

    public Task<Outcome<DeletedResource>> DeleteRestaurantAsync(int id, CancellationToken cancellationToken) => restaurants.DeleteAsync(id, cancellationToken);

    public Task<Outcome<Page<Review>>> ListReviewsAsync(ReviewFilters filters, ListQuery paging, CancellationToken cancellationToken) =>
        reviews.ListAsync(filters, paging, cancellationToken);

    public Task<Outcome<Review>> GetReviewAsync(int id, CancellationToken cancellationToken) => reviews.GetAsync(id, cancellationToken);

    public Task<Outcome<Review>> CreateReviewAsync(ReviewInput input, string author, CancellationToken cancellationToken) => reviews.CreateAsync(input, author, cancellationToken);

    public Task<Outcome<Page<User>>> ListUsersAsync(ListQuery paging, CancellationToken cancellationToken) => users.ListAsync(paging, cancellationToken);

    public Task<Outcome<User>> GetUserAsync(int id, CancellationToken cancellationToken) => users.GetAsync(id, cancellationToken);

    public Task<Outcome<Statistics>> GetStatisticsAsync(CancellationToken cancellationToken) => statistics.GetAsync(cancellationToken);
}
