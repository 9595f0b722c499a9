using System.Buffers;
using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Compares a mirrored request's answers off the request path and counts the result: v3's answer
/// (as the client got it) against v4's, ignoring the configured paths; a difference only at
/// paths where two v3 answers differ is noise (<see cref="ShadowNoise"/>). A difference at a path
/// not yet checked for noise asks v3 once more before it counts, so a timestamp is learned as
/// noise from its first appearance rather than after a share of noise checks. Holds the
/// feature's in-flight slot until the last call ends, and never throws.
/// </summary>
internal sealed partial class ShadowComparison(ShadowClient client, GatewayMetrics metrics, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ShadowComparison> log)
{
    /// <summary>Differences kept per sample (the comparison stops counting paths beyond it).</summary>
    public const int MaxDifferences = 20;

    public void Skip(string feature, ShadowStats stats) => Count(feature, stats, ShadowResult.Skipped);

    /// <summary>
    /// Runs the comparison on the thread pool: the caller, the request's own step, returns at once,
    /// even when v4 already answered (the comparison would otherwise run before the response is finished).
    /// </summary>
    public void Start(ShadowCall call) => _ = Task.Run(() => RunAsync(call));

    private async Task RunAsync(ShadowCall call)
    {
        ShadowFetch? v3 = null;
        ShadowFetch? v4 = null;
        ShadowFetch? again = null;
        try
        {
            v4 = await call.V4;
            if (v4.Answer is null && !v4.TooLarge)
            {
                call.Stats.Gate.Failed(time.GetUtcNow());
            }
            else
            {
                call.Stats.Gate.Answered();
            }

            again = call.V3Again is null ? null : await call.V3Again;
            v3 = call.V3 is { } captured ? await DecodeAsync(captured, call.Policy.MaxBodyBytes) : null;
            if (v3?.Answer is not { } v3Answer || v4.TooLarge)
            {
                Count(call.Feature, call.Stats, ShadowResult.Skipped);
                return;
            }

            if (v4.Answer is not { } v4Answer || (v4Answer.Status >= 500 && v3Answer.Status < 500))
            {
                Count(call.Feature, call.Stats, ShadowResult.V4Error);
                call.Stats.Keep(Sample(call, v3Answer.Status, v4.Answer?.Status, ShadowResult.V4Error, 0, [], []), []);
                LogV4Failed(call.Feature, call.Request.Method, call.Request.Target, v4.Failure ?? $"status {v4.Answer?.Status}");
                return;
            }

            var ignore = call.Policy.Ignore;
            var compared = ResponseComparer.Compare(v3Answer, v4Answer, ignore, MaxDifferences);
            var differing = compared.Differences.Select(d => JsonPaths.Generalize(d.Path)).ToHashSet(StringComparer.Ordinal);
            if (again is null && differing.Any(call.Stats.Noise.NeedsCheck) && client.Target(Backends.V3) is { } v3Target)
            {
                again = await ShadowClient.FetchAsync(v3Target, call.Request, v4: false, call.Policy.Timeout, call.Policy.MaxBodyBytes, lifetime.ApplicationStopping);
            }

            if (again?.Answer is { } secondV3)
            {
                var betweenV3 = ResponseComparer.Compare(v3Answer, secondV3, ignore, MaxDifferences);
                call.Stats.Noise.Learn(differing, betweenV3.Differences.Select(d => JsonPaths.Generalize(d.Path)).ToHashSet(StringComparer.Ordinal));
            }

            if (compared.TotalDifferences == 0)
            {
                Count(call.Feature, call.Stats, ShadowResult.Match);
                return;
            }

            var real = compared.Differences.Where(d => !call.Stats.Noise.IsNoise(JsonPaths.Generalize(d.Path))).ToImmutableArray();
            var noise = differing.Where(call.Stats.Noise.IsNoise).Order(StringComparer.Ordinal).ToImmutableArray();
            // Differences beyond the cap are not known path by path: they count as v4's own.
            var beyondCap = compared.TotalDifferences - compared.Differences.Length;
            var result = real.IsEmpty && beyondCap == 0 ? ShadowResult.Noise : ShadowResult.Diff;
            Count(call.Feature, call.Stats, result);
            if (result == ShadowResult.Diff)
            {
                call.Stats.Keep(
                    Sample(call, v3Answer.Status, v4Answer.Status, result, real.Length + beyondCap, real, noise),
                    real.Select(d => JsonPaths.Generalize(d.Path)).Distinct(StringComparer.Ordinal));
                LogDiff(call.Feature, call.Request.Method, call.Request.Target, string.Join(", ", real.Select(d => d.Path)));
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Shutting down: an unfinished comparison is not a result.
        }
        catch (Exception e)
        {
            LogComparisonFailed(e, call.Feature);
        }
        finally
        {
            v3?.Release();
            v4?.Release();
            again?.Release();
            if (call.V3 is { Buffer.Length: > 0 } raw)
            {
                ArrayPool<byte>.Shared.Return(raw.Buffer);
            }

            call.Stats.Gate.Exit();
        }
    }

    private ShadowSample Sample(ShadowCall call, int v3Status, int? v4Status, ShadowResult result, int total, ImmutableArray<Difference> differences, ImmutableArray<string> noise) =>
        new(time.GetUtcNow(), call.Request.Method, call.Request.Target, v3Status, v4Status, result, total, differences, noise);

    /// <summary>v3's copied body decoded as its content coding says (the copy itself stays the caller's to return).</summary>
    private static async Task<ShadowFetch> DecodeAsync(V3Capture v3, int limit)
    {
        if (v3.IsHead)
        {
            return ShadowFetch.Of(v3.Status, v3.ContentType, [], 0, isHead: true);
        }

        using var body = new MemoryStream(v3.Buffer, 0, v3.Length, writable: false);
        try
        {
            var decoded = await BodyDecoding.ReadAsync(body, v3.ContentEncoding, limit, CancellationToken.None);
            return decoded is { } bytes ? ShadowFetch.Of(v3.Status, v3.ContentType, bytes.Buffer, bytes.Length, isHead: false) : ShadowFetch.Oversized();
        }
        catch (InvalidDataException)
        {
            return ShadowFetch.Oversized();
        }
    }

    private void Count(string feature, ShadowStats stats, ShadowResult result)
    {
        stats.Count(result);
        metrics.RecordShadow(feature, result);
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Debug, Message = "Shadow {Feature}: v4 answered {Method} {Target} differently at {Paths}")]
    private partial void LogDiff(string feature, string method, string target, string paths);

    [LoggerMessage(EventId = 701, Level = LogLevel.Debug, Message = "Shadow {Feature}: v4 failed the copy of {Method} {Target} ({Failure})")]
    private partial void LogV4Failed(string feature, string method, string target, string failure);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Shadow {Feature}: a comparison failed")]
    private partial void LogComparisonFailed(Exception exception, string feature);
}
