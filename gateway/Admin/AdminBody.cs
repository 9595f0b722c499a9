using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Strangler.Contracts.Json;

namespace Strangler.Gateway.Admin;

/// <summary>
/// Reads an admin request body, turning malformed JSON into a 400 that says where it broke and, for a
/// wrong type or an unknown property, which property and what JSON type it takes (never a .NET type).
/// </summary>
internal static class AdminBody
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, bool optional)
        where T : class
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, AdminResults.Error(StatusCodes.Status413PayloadTooLarge, $"body larger than {MaxBytes} bytes"));
            }
        }

        if (buffer.Length == 0)
        {
            return optional ? (null, null) : (null, AdminResults.Error(StatusCodes.Status400BadRequest, "a JSON body is required"));
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null
                ? (null, AdminResults.Error(StatusCodes.Status400BadRequest, "the body must be a JSON object, not null"))
                : (value, null);
        }
        catch (JsonException e)
        {
            var problem = JsonBodyProblems.Describe(e, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return (null, AdminResults.Error(StatusCodes.Status400BadRequest, $"invalid JSON body: {problem}"));
        }
    }

    /// <summary>The actor from the body, else the X-Actor header, else "admin-api".</summary>
    public static string Actor(HttpRequest request, string? fromBody)
    {
        var actor = !string.IsNullOrWhiteSpace(fromBody) ? fromBody : request.Headers["X-Actor"].ToString();
        actor = string.IsNullOrWhiteSpace(actor) ? "admin-api" : actor.Trim();
        return actor.Length > 100 ? actor[..100] : actor;
    }
}
