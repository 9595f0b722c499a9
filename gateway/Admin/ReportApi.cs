using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Events;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Reporting;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Admin;

/// <summary>
/// GET /admin/report?feature=NAME&amp;since=7d&amp;format=json|md|html: the rollout report of every
/// feature (or one): steps with their figures, events, reverts, parity and a recommendation.
/// </summary>
internal static class ReportApi
{
    public const string DefaultSince = "7d";

    public static RouteGroupBuilder MapReportApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/report", GetReport);
        return admin;
    }

    private static IResult GetReport(HttpRequest request, RolloutRuntime runtime, EventLog events, GuardBoard guard, TimeProvider time)
    {
        var format = request.Query["format"].ToString();
        if (format.Length == 0)
        {
            format = "json";
        }

        if (format is not ("json" or "md" or "html"))
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, $"format must be json, md or html (got '{format}')");
        }

        var sinceText = request.Query["since"].ToString();
        if (Durations.ParseLookBack(sinceText.Length == 0 ? DefaultSince : sinceText, out var sinceError) is not { } lookBack)
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, sinceError!);
        }

        var view = runtime.View;
        var feature = request.Query["feature"].ToString();
        if (feature.Length > 0 && !view.FeaturesByName.ContainsKey(feature))
        {
            return AdminResults.Error(StatusCodes.Status404NotFound, $"unknown feature '{feature}'");
        }

        var now = time.GetUtcNow();
        var report = ReportBuilder.Build(
            view,
            feature.Length > 0 ? [view.FeaturesByName[feature]] : view.Features,
            runtime.Steps,
            events,
            guard.Get,
            runtime.CountingSince,
            now,
            now - lookBack);
        return format switch
        {
            "md" => TypedResults.Text(MarkdownReport.Render(report), "text/markdown; charset=utf-8"),
            "html" => TypedResults.Text(HtmlReport.Render(report), "text/html; charset=utf-8"),
            _ => TypedResults.Json(report, ReportJsonContext.Default.RolloutReport),
        };
    }
}
