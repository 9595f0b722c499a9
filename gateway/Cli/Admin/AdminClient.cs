using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Strangler.Gateway.Cli.Admin;

/// <summary>Talks to the gateway's management port for the CLI's admin commands.</summary>
internal sealed class AdminClient(HttpClient http) : IDisposable
{
    public const string UrlVariable = "STRANGLER_ADMIN_URL";
    public const string TokenVariable = "STRANGLER_ADMIN_TOKEN";
    public const string DefaultUrl = "http://127.0.0.1:8081";

    public static AdminClient Create(string? url, string? token, TimeSpan timeout)
    {
        url ??= Environment.GetEnvironmentVariable(UrlVariable) ?? DefaultUrl;
        token ??= Environment.GetEnvironmentVariable(TokenVariable);
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseAddress)
            || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--url must be an absolute http(s) URL of the management port (got '{url}')");
        }

        var http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        http.DefaultRequestHeaders.Add("X-Actor", $"{Environment.UserName}@{Environment.MachineName} (cli)");
        return new AdminClient(http);
    }

    public Task<AdminResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<AdminResponse> PostAsync(string path, object? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, CliJson.Options), Encoding.UTF8, "application/json");
        }

        return SendAsync(request, cancellationToken);
    }

    private async Task<AdminResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return new AdminResponse(response.StatusCode, text, null);
            }
            catch (HttpRequestException e)
            {
                return new AdminResponse(null, string.Empty, $"cannot reach {http.BaseAddress}: {e.Message}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new AdminResponse(null, string.Empty, $"{http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s");
            }
        }
    }

    public void Dispose() => http.Dispose();
}

/// <param name="Status">HTTP status, or null when the gateway could not be reached.</param>
/// <param name="Body">Response text (JSON from the management API).</param>
/// <param name="TransportError">Why there is no response.</param>
internal sealed record AdminResponse(HttpStatusCode? Status, string Body, string? TransportError)
{
    public bool Success => Status is { } s && (int)s is >= 200 and < 300;

    /// <summary>The management API's error message, or a description of what went wrong.</summary>
    public string ErrorMessage()
    {
        if (TransportError is not null)
        {
            return TransportError;
        }

        try
        {
            using var json = JsonDocument.Parse(Body);
            if (json.RootElement.TryGetProperty("error", out var error))
            {
                return $"{(int)Status!} {Status}: {error.GetString()}";
            }
        }
        catch (JsonException)
        {
        }

        return $"{(int?)Status} {Status}{(Body.Length > 0 ? ": " + Body : string.Empty)}";
    }
}

internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };
}
