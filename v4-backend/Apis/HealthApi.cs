using Strangler.V4Backend.Caching;
using Strangler.V4Backend.Infrastructure;

namespace Strangler.V4Backend.Apis;

/// <summary>/healthz (the process is alive) and /readyz (the database answers; the cache's state).</summary>
internal static class HealthApi
{
    public static void MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => TypedResults.Text("ok"));
        endpoints.MapGet("/readyz", ReadyAsync);
    }

    private static async Task<IResult> ReadyAsync(Database database, DirectoryCache cache, CancellationToken cancellationToken)
    {
        string databaseStatus;
        var ready = true;
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var ping = connection.Command("SELECT 1");
            await ping.ExecuteScalarAsync(cancellationToken);
            databaseStatus = "ok";
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            databaseStatus = $"unavailable: {e.Message}";
            ready = false;
        }

        // The cache never makes the backend unready: without Redis it serves from memory.
        var body = new ReadyStatus(ready ? "ready" : "not ready", database.Description, databaseStatus, cache.Status);
        return TypedResults.Json(body, V4Json.Default.ReadyStatus, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

internal sealed record ReadyStatus(string Status, string Database, string DatabaseStatus, string Cache);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ReadyStatus))]
internal sealed partial class V4Json : System.Text.Json.Serialization.JsonSerializerContext;
