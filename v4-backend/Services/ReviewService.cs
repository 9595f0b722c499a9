using System.Globalization;
using Strangler.Contracts.Http;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;
using Strangler.V4Backend.Caching;
using Strangler.V4Backend.Repositories;

namespace Strangler.V4Backend.Services;

/// <summary>Reviews: reading and listing (cached), and creating by an authenticated, existing user.</summary>
internal sealed class ReviewService(IReviewRepository reviews, IUserRepository users, DirectoryCache cache, Clock clock)
{
    private static readonly string[] AffectedByWrites = [CacheAreas.Reviews, CacheAreas.Restaurants, CacheAreas.Statistics];

    public async Task<Outcome<Page<Review>>> ListAsync(ReviewFilters filters, ListQuery paging, CancellationToken cancellationToken)
    {
        var page = await cache.GetOrLoadAsync(
            CacheAreas.Reviews,
            generation => CacheKeys.ReviewList(generation, filters.RestaurantId, paging),
            () => reviews.ListAsync(filters.RestaurantId, paging, cancellationToken)!,
            cancellationToken);
        return page is null ? Outcome<Page<Review>>.NotFound($"restaurant {filters.RestaurantId}") : Outcome<Page<Review>>.Ok(page);
    }

    public async Task<Outcome<Review>> GetAsync(int id, CancellationToken cancellationToken)
    {
        var review = await cache.GetOrLoadAsync(
            CacheAreas.Reviews,
            generation => CacheKeys.Review(generation, id),
            () => reviews.GetAsync(id, cancellationToken)!,
            cancellationToken);
        return review is null ? Outcome<Review>.NotFound($"review {id}") : Outcome<Review>.Ok(review);
    }

    public async Task<Outcome<Review>> CreateAsync(ReviewInput input, string author, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        InputValidators.Review(input, errors);
        if (errors.Any)
        {
            return Outcome<Review>.Invalid(errors);
        }

        if (!int.TryParse(author, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || await users.GetAsync(userId, cancellationToken) is null)
        {
            return Outcome<Review>.Forbidden($"the token's subject '{author}' is not a known user");
        }

        var review = await reviews.InsertAsync(input, userId, clock.Now(), cancellationToken);
        if (review is null)
        {
            return Outcome<Review>.NotFound($"restaurant {input.RestaurantId}");
        }

        await cache.InvalidateAsync(AffectedByWrites);
        return Outcome<Review>.Created(review);
    }
}
