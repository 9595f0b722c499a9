using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Dashboard;

/// <summary>
/// The dashboard: a self-contained page (no CDN, no external fonts) at /dashboard, and the time
/// series it charts at /admin/series. The page holds no data; everything it shows comes from
/// /admin/*, so it follows the admin token rules (it asks for the token when the API needs one).
/// </summary>
internal static class DashboardApi
{
    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Strangler.Gateway.Dashboard.dashboard.html")!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });

    public static void MapDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/dashboard", () => TypedResults.Bytes(Page.Value, "text/html; charset=utf-8"));

    public static RouteGroupBuilder MapSeriesApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/series", GetSeries);
        return admin;
    }

    private static IResult GetSeries(RolloutRuntime runtime, SeriesStore store, IOptions<GatewayOptions> options, TimeProvider time) =>
        TypedResults.Json(
            new SeriesResponse(
                time.GetUtcNow(),
                (int)options.Value.DashboardSampleInterval.TotalSeconds,
                runtime.View.States.Keys.Order(StringComparer.Ordinal).Append(GatewayMetrics.NoFeature).Select(f => new FeatureSeries(f, store.For(f))).ToArray()),
            AdminJsonContext.Default.SeriesResponse);
}

/// <param name="GeneratedAt">The gateway's clock, the right edge of every chart.</param>
/// <param name="Features">Every feature in force by name, then the unrouted traffic as "(none)".</param>
internal sealed record SeriesResponse(DateTimeOffset GeneratedAt, int IntervalSeconds, IReadOnlyList<FeatureSeries> Features);

internal sealed record FeatureSeries(string Name, IReadOnlyList<SeriesPoint> Points);
