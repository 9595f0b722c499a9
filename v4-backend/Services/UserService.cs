using Strangler.Contracts.Http;
using Strangler.Contracts.Model;
using Strangler.Contracts.Validation;
using Strangler.V4Backend.Caching;
using Strangler.V4Backend.Repositories;

namespace Strangler.V4Backend.Services;

/// <summary>Users (admin-only in the contract; access is checked at the HTTP surface).</summary>
internal sealed class UserService(IUserRepository users, DirectoryCache cache)
{
    public async Task<Outcome<Page<User>>> ListAsync(ListQuery paging, CancellationToken cancellationToken) =>
        Outcome<Page<User>>.Ok(await cache.GetOrLoadAsync(
            CacheAreas.Users,
            generation => CacheKeys.UserList(generation, paging),
            () => users.ListAsync(paging, cancellationToken),
            cancellationToken));

    public async Task<Outcome<User>> GetAsync(int id, CancellationToken cancellationToken)
    {
        var user = await cache.GetOrLoadAsync(
            CacheAreas.Users,
            generation => CacheKeys.User(generation, id),
            () => users.GetAsync(id, cancellationToken)!,
            cancellationToken);
        return user is null ? Outcome<User>.NotFound($"user {id}") : Outcome<User>.Ok(user);
    }
}
