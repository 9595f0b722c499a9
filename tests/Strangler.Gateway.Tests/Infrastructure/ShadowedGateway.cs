using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A gateway whose restaurants feature mirrors every v3 read to a v4 that names every second
/// restaurant differently, after <see cref="Requests"/> GETs have been compared, for tests of the
/// shadow surfaces (CLI, dashboard).
/// </summary>
internal sealed class ShadowedGateway : IAsyncDisposable
{
    public const int Requests = 80;

    private readonly ScriptedBackend _v3;
    private readonly ScriptedBackend _v4;

    private ShadowedGateway(ScriptedBackend v3, ScriptedBackend v4, RunningGateway gateway)
    {
        _v3 = v3;
        _v4 = v4;
        Gateway = gateway;
    }

    public RunningGateway Gateway { get; }

    public static async Task<ShadowedGateway> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var v3 = await ScriptedBackend.StartAsync(context => Answer(context, "/api/restaurants/", renamed: false));
        var v4 = await ScriptedBackend.StartAsync(context => Answer(context, "/api/v4/restaurants/", renamed: true));
        var rollout = new RolloutFile
        {
            V3 = v3.BaseAddress,
            V4 = v4.BaseAddress,
            Features = [RolloutFile.Restaurants("disabled", 0) with
            {
                Extra = "\"shadow\": { \"sample_percent\": 100, \"max_diff_percent\": 1, \"min_comparisons\": 50 },",
            }],
        };
        var gateway = await RunningGateway.StartAsync(rollout.ToJson(), settings);
        if (settings?.GetValueOrDefault("Gateway:Management:Token") is { } token)
        {
            gateway.Management.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        for (var id = 1; id <= Requests; id++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/restaurants/{id}");
            request.Headers.Add("X-User-Id", $"user-{id}");
            using var response = await gateway.Public.SendAsync(request, TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
        }

        var shadowed = new ShadowedGateway(v3, v4, gateway);
        await gateway.WaitForStatusAsync(
            s => s.GetProperty("features")[0].GetProperty("shadow").GetProperty("comparisons").GetInt64() == Requests,
            "every mirrored request compared");
        return shadowed;
    }

    private static Task Answer(HttpContext context, string prefix, bool renamed)
    {
        var id = int.Parse(context.Request.Path.Value![prefix.Length..], CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        var name = renamed && id % 2 == 0 ? $"Restaurant #{id}" : $"Restaurant {id}";
        return context.Response.WriteAsync($$"""{"id":{{id}},"name":"{{name}}","open":true}""");
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await _v4.DisposeAsync();
        await _v3.DisposeAsync();
    }
}
