using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Strangler.Bucketing;
using Strangler.Gateway.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// The proxy step after the decision that mirrors a sample of v3's reads to v4: a GET or HEAD of a
/// feature with shadowing, decided for v3 (a user on v4 is not mirrored) and picked by a stable
/// hash of the feature, user, method and target, so a sampled request is sampled every time. The
/// copy goes to v4 beside the client's request (never before it, never instead of it); the
/// client's answer streams as usual while its first max_body_bytes are kept aside; when both are
/// in, <see cref="ShadowComparison"/> compares them off the request path. A sample is skipped
/// (and counted) when max_in_flight copies are out, v4 has no available destination, or v4
/// failed several copies in a row (<see cref="ShadowGate"/>). Nothing of
/// it reaches the guard's windows or the failover.
/// </summary>
internal sealed class ShadowStep(ShadowClient client, ShadowComparison comparison, IHostApplicationLifetime lifetime, TimeProvider time)
{
    private const int StackKeyLimit = 512;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var routing = context.Features.GetRequiredFeature<RequestRouting>();
        if (routing.Route?.Feature is not { Shadow: { } stats, File.Shadow: { SamplePercent: > 0 } policy } feature
            || routing.Decision.UseV4
            || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            return next(context);
        }

        var target = RawTarget.Of(context);
        if (Sample("shadow", feature.Name, routing.UserId, context.Request.Method, target) >= policy.SamplePercent * 100)
        {
            return next(context);
        }

        return MirrorAsync(context, routing, target, stats, policy, next);
    }

    private async Task MirrorAsync(HttpContext context, RequestRouting routing, string target, ShadowStats stats, Rollout.Model.ShadowPolicy policy, RequestDelegate next)
    {
        var v4 = client.Target(Backends.V4);
        if (v4 is null || !stats.Gate.TryEnter(policy.MaxInFlight, time.GetUtcNow()))
        {
            comparison.Skip(routing.FeatureName, stats);
            await next(context);
            return;
        }

        var request = new ShadowRequest(context, routing, target);
        var stopping = lifetime.ApplicationStopping;
        var v4Call = ShadowClient.FetchAsync(v4.Value, request, v4: true, policy.Timeout, policy.MaxBodyBytes, stopping);
        var noiseCheck = Sample("noise", routing.FeatureName, routing.UserId, request.Method, target) < policy.NoiseCheckPercent * 100 && client.Target(Backends.V3) is { } v3
            ? ShadowClient.FetchAsync(v3, request, v4: false, policy.Timeout, policy.MaxBodyBytes, stopping)
            : null;

        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var tee = request.IsHead ? null : new ResponseTee(original, policy.MaxBodyBytes);
        if (tee is not null)
        {
            context.Features.Set<IHttpResponseBodyFeature>(tee);
        }

        V3Capture? v3Answer = null;
        try
        {
            await next(context);
            v3Answer = V3Answer(context, routing, tee, request.IsHead);
        }
        finally
        {
            if (tee is not null)
            {
                context.Features.Set(original);
            }

            // Off the request path: the client's response is done (or failed) and nothing waits for this.
            comparison.Start(new ShadowCall(request, routing.FeatureName, stats, policy, v3Answer, v4Call, noiseCheck));
        }
    }

    /// <summary>v3's answer as the client got it, or null when there is nothing to compare (v3 failed, the client left, the body was over the limit).</summary>
    private static V3Capture? V3Answer(HttpContext context, RequestRouting routing, ResponseTee? tee, bool isHead)
    {
        if (routing.FailedOver || context.GetForwarderErrorFeature() is not null || context.RequestAborted.IsCancellationRequested || tee is { Overflowed: true })
        {
            return null;
        }

        var response = context.Response;
        var (buffer, length) = tee?.Detach() ?? ([], 0);
        return new V3Capture(response.StatusCode, response.ContentType, response.Headers.ContentEncoding.ToString(), buffer, length, isHead);
    }

    /// <summary>A stable share in basis points (0..9999) of a request: the same feature, user, method and target always fall in the same place.</summary>
    internal static int Sample(string purpose, string feature, string? userId, string method, string target)
    {
        var length = feature.Length + (userId?.Length ?? 0) + method.Length + target.Length + 3;
        Span<char> key = length <= StackKeyLimit ? stackalloc char[StackKeyLimit] : new char[length];
        var at = 0;
        Append(key, ref at, feature);
        Append(key, ref at, userId ?? string.Empty);
        Append(key, ref at, method);
        target.AsSpan().CopyTo(key[at..]);
        at += target.Length;
        return Bucket.Compute(purpose, key[..at]);

        static void Append(Span<char> key, ref int at, string part)
        {
            part.AsSpan().CopyTo(key[at..]);
            at += part.Length;
            key[at++] = '\n';
        }
    }
}
