using Strangler.Contracts.Http;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;
using Strangler.V4Backend.Caching;
using Strangler.V4Backend.Repositories;

namespace Strangler.V4Backend.Services;

/// <summary>Restaurants: the contract's rules, cache-aside reads, and invalidation after writes.</summary>
internal sealed class RestaurantService(IRestaurantRepository restaurants, DirectoryCache cache, Clock clock)
{
    private static readonly string[] AffectedByWrites = [CacheAreas.Restaurants, CacheAreas.Reviews, CacheAreas.Statistics];

    public async Task<Outcome<Page<Restaurant>>> ListAsync(RestaurantFilters filters, ListQuery paging, CancellationToken cancellationToken) =>
        Outcome<Page<Restaurant>>.Ok(await cache.GetOrLoadAsync(
            CacheAreas.Restaurants,
            generation => CacheKeys.RestaurantList(generation, filters, paging),
            () => restaurants.ListAsync(filters, paging, cancellationToken),
            cancellationToken));

    public async Task<Outcome<Restaurant>> GetAsync(int id, CancellationToken cancellationToken)
    {
        var restaurant = await cache.GetOrLoadAsync(
            CacheAreas.Restaurants,
            generation => CacheKeys.Restaurant(generation, id),
            () => restaurants.GetAsync(id, cancellationToken)!,
            cancellationToken);
        return restaurant is null ? Outcome<Restaurant>.NotFound($"restaurant {id}") : Outcome<Restaurant>.Ok(restaurant);
    }

    public async Task<Outcome<Restaurant>> CreateAsync(RestaurantInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        InputValidators.Restaurant(input, errors);
        if (errors.Any)
        {
            return Outcome<Restaurant>.Invalid(errors);
        }

        var created = await restaurants.InsertAsync(input, clock.Now(), cancellationToken);
        await cache.InvalidateAsync(AffectedByWrites);
        return Outcome<Restaurant>.Created(created);
    }

    public async Task<Outcome<Restaurant>> UpdateAsync(int id, RestaurantInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        InputValidators.Restaurant(input, errors);
        if (errors.Any)
        {
            return Outcome<Restaurant>.Invalid(errors);
        }

        var updated = await restaurants.UpdateAsync(id, input, clock.Now(), cancellationToken);
        if (updated is null)
        {
            return Outcome<Restaurant>.NotFound($"restaurant {id}");
        }

        await cache.InvalidateAsync(AffectedByWrites);
        return Outcome<Restaurant>.Ok(updated);
    }

    public async Task<Outcome<DeletedResource>> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (!await restaurants.DeleteAsync(id, cancellationToken))
        {
            return Outcome<DeletedResource>.NotFound($"restaurant {id}");
        }

        await cache.InvalidateAsync(AffectedByWrites);
        return Outcome<DeletedResource>.Ok(new DeletedResource(id, true));
    }
}
