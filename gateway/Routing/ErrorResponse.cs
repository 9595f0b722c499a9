using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Strangler.Gateway.Routing;

/// <summary>
/// An answer the gateway gives itself instead of forwarding, in the contract's error shape
/// (docs/api-contract.md): {"success": false, "error": "...", "status_code": N, "details": {field: [message]}}.
/// </summary>
internal static class ErrorResponse
{
    // As the backends write it: no escaping of apostrophes and the like, which JSON does not require.
    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, string error, string field, string detail)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        await using (var json = new Utf8JsonWriter(response.BodyWriter, Json))
        {
            json.WriteStartObject();
            json.WriteBoolean("success", false);
            json.WriteString("error", error);
            json.WriteNumber("status_code", status);
            json.WriteStartObject("details");
            json.WriteStartArray(field);
            json.WriteStringValue(detail);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>The connection cannot carry another request (an unread body is on it): HTTP/1.x closes it after this response.</summary>
    public static void CloseConnection(HttpContext context) => context.Response.Headers[HeaderNames.Connection] = "close";
}
