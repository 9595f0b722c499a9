using Strangler.Contracts.Http;
using Strangler.Contracts.Model;
using Strangler.V4Backend.Caching;
using Strangler.V4Backend.Repositories;

namespace Strangler.V4Backend.Services;

internal sealed class StatisticsService(IStatisticsRepository statistics, DirectoryCache cache)
{
    public async Task<Outcome<Statistics>> GetAsync(CancellationToken cancellationToken) =>
        Outcome<Statistics>.Ok(await cache.GetOrLoadAsync(
            CacheAreas.Statistics,
            CacheKeys.Statistics,
            () => statistics.GetAsync(cancellationToken),
            cancellationToken));
}
