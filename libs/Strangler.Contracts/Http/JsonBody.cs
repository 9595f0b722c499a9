using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Strangler.Contracts.Json;

namespace Strangler.Contracts.Http;

/// <summary>
/// Reads a JSON request body for the contract: application/json only (else 415), at most 64 KiB,
/// unknown properties and wrong types rejected; every body problem is a 400 with details.body
/// naming the JSON path, the expected JSON type and the position where there is one
/// (<see cref="JsonBodyProblems"/>), never a .NET type.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "the body must be JSON (Content-Type: application/json)"));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    return (null, TooLarge());
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            // The body itself is malformed (bad chunked framing, shorter than its Content-Length):
            // the client's mistake, not the server's, and Kestrel's message names it without internals.
            return (null, BodyError($"could not be read: {e.Message.TrimEnd('.')}"));
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null
                ? (null, BodyError("must be a JSON object"))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, BodyError(JsonBodyProblems.Describe(e, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type)));
        }
    }

    private static IResult TooLarge() => BodyError($"must be at most {MaxBytes} bytes");

    private static IResult BodyError(string message) =>
        ApiResults.Error(StatusCodes.Status400BadRequest, "validation failed", new Dictionary<string, string[]> { ["body"] = [message] });
}
