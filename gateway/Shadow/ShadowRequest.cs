using System.Globalization;
using System.Net.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Strangler.Bucketing;
using Strangler.Gateway.Headers;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// What a mirrored copy of a client's request needs, taken from the request before it is proxied
/// (the copy outlives the request): method, target as sent, headers as the backend would get
/// them, and the decision headers, plus <c>X-Strangler-Shadow: 1</c>. v4 gets the v4 path rewrite;
/// a noise check asks v3 with the path unchanged.
/// </summary>
internal sealed class ShadowRequest
{
    public const string Header = InternalHeaders.Prefix + "Shadow";

    // Hop-by-hop and framing headers are the connection's, not the request's (RFC 9110 §7.6.1).
    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Host, HeaderNames.Connection, HeaderNames.KeepAlive, HeaderNames.TransferEncoding, HeaderNames.TE,
        HeaderNames.Upgrade, HeaderNames.ProxyConnection, HeaderNames.ContentLength, HeaderNames.Expect, "Trailer",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix",
    };

    private readonly KeyValuePair<string, string[]>[] _headers;
    private readonly string _target;
    private readonly int _pathStart;
    private readonly RouteBinding _binding;

    public ShadowRequest(HttpContext context, RequestRouting routing, string target)
    {
        var request = context.Request;
        Method = request.Method;
        _target = target;
        _pathStart = RawTarget.PathStart(target);
        _binding = routing.Route!.Binding;
        Feature = _binding.Feature;
        var headers = new List<KeyValuePair<string, string[]>>(request.Headers.Count + 8);
        foreach (var (name, values) in request.Headers)
        {
            if (!NotCopied.Contains(name))
            {
                headers.Add(new(name, values.ToArray()!));
            }
        }

        var forwardedFor = context.Connection.RemoteIpAddress?.ToString();
        var priorFor = request.Headers["X-Forwarded-For"].ToString();
        headers.Add(new("X-Forwarded-For", [priorFor.Length > 0 && forwardedFor is not null ? $"{priorFor}, {forwardedFor}" : forwardedFor ?? priorFor]));
        headers.Add(new("X-Forwarded-Proto", [request.Scheme]));
        headers.Add(new("X-Forwarded-Host", [request.Host.Value ?? string.Empty]));
        headers.Add(new(InternalHeaders.Feature, [Feature]));
        headers.Add(new(InternalHeaders.Reason, [routing.ReasonName]));
        if (routing.Decision.Bucket != RolloutDecision.NoBucket)
        {
            headers.Add(new(InternalHeaders.Bucket, [routing.Decision.Bucket.ToString(CultureInfo.InvariantCulture)]));
        }

        headers.Add(new(Header, ["1"]));
        _headers = [.. headers];
    }

    public string Method { get; }

    public string Feature { get; }

    /// <summary>The target as the client sent it (path and query), for samples.</summary>
    public string Target => _pathStart <= 0 ? _target : _target[_pathStart..];

    public bool IsHead => HttpMethods.IsHead(Method);

    /// <summary>The copy for <paramref name="destinationPrefix"/>: with the v4 rewrite to v4, unchanged to v3.</summary>
    public HttpRequestMessage For(string destinationPrefix, bool v4)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), RawTarget.ForDestination(destinationPrefix, _target, _pathStart, v4 ? _binding : null))
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        foreach (var (name, values) in _headers)
        {
            message.Headers.TryAddWithoutValidation(name, values);
        }

        message.Headers.TryAddWithoutValidation(InternalHeaders.Backend, Backends.Of(v4));
        return message;
    }
}
