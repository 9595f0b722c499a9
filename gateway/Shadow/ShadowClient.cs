using System.Net.Http;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Sends a mirrored copy to a backend on the cluster's own HTTP client (its connection pool and
/// settings, one attempt), to an available destination, with the shadow's timeout, and reads the
/// answer decoded within the size limit. Never throws for what the backend does.
/// </summary>
internal sealed class ShadowClient(IProxyStateLookup proxyState)
{
    /// <summary>An available destination of the cluster, or null when it has none.</summary>
    public (HttpMessageInvoker Client, string Prefix)? Target(string clusterId)
    {
        if (!proxyState.TryGetCluster(clusterId, out var cluster) || cluster.Model.HttpClient is not { } client)
        {
            return null;
        }

        var available = cluster.DestinationsState.AvailableDestinations;
        return available.Count == 0 ? null : (client, Pick(available).Model.Config.Address);
    }

    public static async Task<ShadowFetch> FetchAsync(
        (HttpMessageInvoker Client, string Prefix) target, ShadowRequest request, bool v4, TimeSpan timeout, int maxBodyBytes, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        try
        {
            using var message = request.For(target.Prefix, v4);
            using var response = await target.Client.SendAsync(message, deadline.Token);
            var contentType = response.Content.Headers.ContentType?.ToString();
            if (request.IsHead)
            {
                return ShadowFetch.Of((int)response.StatusCode, contentType, [], 0, isHead: true);
            }

            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            var decoded = await BodyDecoding.ReadAsync(body, string.Join(',', response.Content.Headers.ContentEncoding), maxBodyBytes, deadline.Token);
            return decoded is { } bytes
                ? ShadowFetch.Of((int)response.StatusCode, contentType, bytes.Buffer, bytes.Length, isHead: false)
                : ShadowFetch.Oversized();
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return ShadowFetch.Failed("timeout");
        }
        catch (HttpRequestException e)
        {
            return ShadowFetch.Failed(e.HttpRequestError.ToString());
        }
        catch (InvalidDataException)
        {
            return ShadowFetch.Oversized(); // a body its content coding does not decode: nothing to compare
        }
        catch (IOException e)
        {
            return ShadowFetch.Failed(e.GetType().Name);
        }
    }

    private static DestinationState Pick(IReadOnlyList<DestinationState> available) =>
        available.Count == 1 ? available[0] : available[Random.Shared.Next(available.Count)];
}
