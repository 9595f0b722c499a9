using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>Reads a running gateway's guard through its admin API: a feature's status, its events, its evaluation after a clock step.</summary>
internal static class GuardProbe
{
    public const string Restaurants = "api_v4_restaurants";

    public static JsonElement Feature(JsonElement status, string name = Restaurants) =>
        status.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);

    /// <summary>The gateway's events (up to 1000), of one kind when <paramref name="kind"/> is given.</summary>
    public static async Task<JsonElement[]> EventsAsync(RunningGateway gateway, string? kind = null) =>
        (await gateway.Management.GetFromJsonAsync<JsonElement>("admin/events?limit=1000", TestContext.Current.CancellationToken))
            .GetProperty("events").EnumerateArray()
            .Where(e => kind is null || e.GetProperty("kind").GetString() == kind)
            .ToArray();

    /// <summary>Moves the schedule clock one second and waits for the guard's evaluation of the feature at the new time.</summary>
    public static async Task<JsonElement> EvaluateAsync(RunningGateway gateway, FakeTimeProvider time, string name = Restaurants)
    {
        time.Advance(TimeSpan.FromSeconds(1));
        var now = time.GetUtcNow();
        var status = await gateway.WaitForStatusAsync(
            s => Feature(s, name).GetProperty("guard") is { ValueKind: JsonValueKind.Object } guard && guard.GetProperty("evaluated_at").GetDateTimeOffset() >= now,
            "the guard to evaluate");
        return Feature(status, name);
    }
}
