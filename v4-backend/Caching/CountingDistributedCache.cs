using Microsoft.Extensions.Caching.Distributed;

namespace Strangler.V4Backend.Caching;

/// <summary>
/// Redis as FusionCache's distributed level, counting the calls that fail by kind (a timeout, such as
/// StackExchange.Redis's RedisTimeoutException, or any other error) for <see cref="CacheStats"/>;
/// everything else passes through unchanged.
/// </summary>
internal sealed class CountingDistributedCache(IDistributedCache inner, CacheStats stats) : IDistributedCache
{
    public byte[]? Get(string key) => Counted(() => inner.Get(key));

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => CountedAsync(inner.GetAsync(key, token));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Counted(() =>
    {
        inner.Set(key, value, options);
        return true;
    });

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        CountedAsync(inner.SetAsync(key, value, options, token));

    public void Refresh(string key) => Counted(() =>
    {
        inner.Refresh(key);
        return true;
    });

    public Task RefreshAsync(string key, CancellationToken token = default) => CountedAsync(inner.RefreshAsync(key, token));

    public void Remove(string key) => Counted(() =>
    {
        inner.Remove(key);
        return true;
    });

    public Task RemoveAsync(string key, CancellationToken token = default) => CountedAsync(inner.RemoveAsync(key, token));

    private T Counted<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (Count(e))
        {
            throw;
        }
    }

    private async Task<T> CountedAsync<T>(Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception e) when (Count(e))
        {
            throw;
        }
    }

    private async Task CountedAsync(Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (Exception e) when (Count(e))
        {
            throw;
        }
    }

    /// <summary>Counts and lets the exception through (always false); cancellations are not failures.</summary>
    private bool Count(Exception failure)
    {
        if (failure is not OperationCanceledException)
        {
            stats.RedisFailure(failure is TimeoutException ? "timeout" : "error");
        }

        return false;
    }
}
