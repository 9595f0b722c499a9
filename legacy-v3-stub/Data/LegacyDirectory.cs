using System.Globalization;
using Strangler.Contracts;
using Strangler.Contracts.Http;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;

namespace Strangler.LegacyV3.Data;

/// <summary>The legacy API's behaviour: the contract's rules over the in-memory store.</summary>
internal sealed class LegacyDirectory(InMemoryStore store) : IDirectoryApi
{
    public Task<Outcome<Page<Restaurant>>> ListRestaurantsAsync(RestaurantFilters filters, ListQuery paging, CancellationToken cancellationToken) =>
        Task.FromResult(Outcome<Page<Restaurant>>.Ok(store.ListRestaurants(filters, paging)));

    public Task<Outcome<Restaurant>> GetRestaurantAsync(int id, CancellationToken cancellationToken) =>
        Task.FromResult(store.GetRestaurant(id) is { } r ? Outcome<Restaurant>.Ok(r) : Outcome<Restaurant>.NotFound($"restaurant {id}"));

    public Task<Outcome<Restaurant>> CreateRestaurantAsync(RestaurantInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        InputValidators.Restaurant(input, errors);
        return Task.FromResult(errors.Any ? Outcome<Restaurant>.Invalid(errors) : Outcome<Restaurant>.Created(store.CreateRestaurant(input)));
    }

    public Task<Outcome<Restaurant>> UpdateRestaurantAsync(int id, RestaurantInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        InputValidators.Restaurant(input, errors);
        if (errors.Any)
        {
            return Task.FromResult(Outcome<Restaurant>.Invalid(errors));
        }

        return Task.FromResult(store.UpdateRestaurant(id, input) is { } r ? Outcome<Restaurant>.Ok(r) : Outcome<Restaurant>.NotFound($"restaurant {id}"));
    }

    public Task<Outcome<DeletedResource>> DeleteRestaurantAsync(int id, CancellationToken cancellationToken) =>
        Task.FromResult(store.DeleteRestaurant(id)
            ? Outcome<DeletedResource>.Ok(new DeletedResource(id, true))
            : Outcome<DeletedResource>.NotFound($"restaurant {id}"));

    public Task<Outcome<Page<Review>>> ListReviewsAsync(ReviewFilters filters, ListQuery paging, CancellationToken cancellationToken) =>
        Task.FromResult(store.ListReviews(filters, paging) is { } page
            ? Outcome<Page<Review>>.Ok(page)
            : Outcome<Page<Review>>.NotFound($"restaurant {filters.RestaurantId}"));

    public Task<Outcome<Review>> GetReviewAsync(int id, CancellationToken cancellationToken) =>
        Task.FromResult(store.GetReview(id) is { } r ? Outcome<Review>.Ok(r) : Outcome<Review>.NotFound($"review {id}"));

    public Task<Outcome<Review>> CreateReviewAsync(ReviewInput input, string author, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        InputValidators.Review(input, errors);
        if (errors.Any)
        {
            return Task.FromResult(Outcome<Review>.Invalid(errors));
        }

        if (!int.TryParse(author, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || store.GetUser(userId) is null)
        {
            return Task.FromResult(Outcome<Review>.Forbidden($"the token's subject '{author}' is not a known user"));
        }

        return Task.FromResult(store.CreateReview(input, userId) is { } review
            ? Outcome<Review>.Created(review)
            : Outcome<Review>.NotFound($"restaurant {input.RestaurantId}"));
    }

    public Task<Outcome<Page<User>>> ListUsersAsync(ListQuery paging, CancellationToken cancellationToken) =>
        Task.FromResult(Outcome<Page<User>>.Ok(store.ListUsers(paging)));

    public Task<Outcome<User>> GetUserAsync(int id, CancellationToken cancellationToken) =>
        Task.FromResult(store.GetUser(id) is { } u ? Outcome<User>.Ok(u) : Outcome<User>.NotFound($"user {id}"));

    public Task<Outcome<Statistics>> GetStatisticsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Outcome<Statistics>.Ok(store.Statistics()));
}
