using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Admin;

/// <summary>
/// GET /admin/shadow?feature=NAME&amp;limit=N: the feature's latest mirrored requests whose answers
/// differed (or that v4 failed), newest first, with the differing paths and both values
/// (truncated); never the bodies.
/// </summary>
internal static class ShadowApi
{
    public const int DefaultLimit = 20;

    public static RouteGroupBuilder MapShadowApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/shadow", GetSamples);
        return admin;
    }

    private static IResult GetSamples(HttpRequest request, RolloutRuntime runtime)
    {
        var feature = request.Query["feature"].ToString();
        if (feature.Length == 0)
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, "feature is required: /admin/shadow?feature=NAME");
        }

        if (!runtime.View.FeaturesByName.TryGetValue(feature, out var view))
        {
            return AdminResults.Error(StatusCodes.Status404NotFound, $"unknown feature '{feature}'");
        }

        if (view.Shadow is not { } stats)
        {
            return AdminResults.Error(StatusCodes.Status404NotFound, $"feature '{feature}' has no shadow settings in rollout.json");
        }

        if (!AdminQuery.TryReadInt(request, "limit", 1, ShadowStats.RecentCapacity, out var limit, out var limitError))
        {
            return limitError;
        }

        return TypedResults.Json(
            new ShadowSamplesResponse(feature, [.. stats.Recent(limit ?? DefaultLimit).Select(ShadowSampleView.From)]),
            AdminJsonContext.Default.ShadowSamplesResponse);
    }
}

internal sealed record ShadowSamplesResponse(string Feature, IReadOnlyList<ShadowSampleView> Samples);

internal sealed record ShadowSampleView(
    DateTimeOffset At,
    string Method,
    string Path,
    int V3Status,
    int? V4Status,
    string Result,
    int TotalDifferences,
    IReadOnlyList<ShadowDifferenceView> Differences,
    IReadOnlyList<string> Noise)
{
    public static ShadowSampleView From(ShadowSample s) => new(
        s.At, s.Method, s.Path, s.V3Status, s.V4Status, s.Result.ToName(), s.TotalDifferences,
        [.. s.Differences.Select(d => new ShadowDifferenceView(d.Path, d.V3, d.V4))], s.Noise);
}

internal sealed record ShadowDifferenceView(string Path, string? V3, string? V4);
