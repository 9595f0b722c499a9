using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Strangler.Contract.Tests.Targets;
using Strangler.Contracts.Identity;

namespace Strangler.Contract.Tests.Suite;

/// <summary>
/// The public contract, as existing clients rely on it. The same tests run against every target
/// (v3 directly, v4 directly, and through the gateway at any percentage): "clients unchanged"
/// means this suite passes everywhere. Each test calls as its own user (X-User-Id), so behind the
/// gateway a test's writes and reads reach the same backend while different tests spread across both.
/// </summary>
public abstract partial class ContractSuite(IContractTarget target) : IAsyncLifetime
{
    private readonly List<HttpClient> _clients = [];

    protected IContractTarget Target { get; } = target;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Ids 1..5 are admins in the sample dataset; 7 is an ordinary user.</summary>
    protected const string AdminId = "1";
    protected const string UserId = "7";

    protected string Path(string relative) => $"{Target.Prefix}/{relative}";

    protected HttpClient Client([CallerMemberName] string test = "")
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Target.BaseAddress };
        client.DefaultRequestHeaders.Add("X-User-Id", $"contract-{GetType().Name}-{test}");
        _clients.Add(client);
        return client;
    }

    protected string Token(string subject, string role, TimeSpan? lifetime = null) =>
        ContractTokens.Create(Target.SigningKey, subject, role, DateTimeOffset.UtcNow.Add(lifetime ?? TimeSpan.FromMinutes(10)));

    protected string AdminToken() => Token(AdminId, "admin");

    protected string UserToken() => Token(UserId, "user");

    protected async Task<Reply> SendAsync(HttpClient client, HttpMethod method, string relative, object? body = null, string? token = null, string? rawBody = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, Path(relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (rawBody is not null || body is not null)
        {
            request.Content = new StringContent(rawBody ?? JsonSerializer.Serialize(body), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var backend = response.Headers.TryGetValues("X-Backend", out var values) ? values.Single() : null;
        if (Target.ExpectedBackend is { } expected)
        {
            Assert.Equal(expected, backend);
        }

        Assert.NotNull(backend);
        return new Reply(response.StatusCode, text, response.Headers, response.Content.Headers.ContentType?.MediaType, backend);
    }

    protected Task<Reply> GetAsync(HttpClient client, string relative, string? token = null) => SendAsync(client, HttpMethod.Get, relative, token: token);

    /// <summary>Asserts the error shape: success false, the status echoed, a message, and returns the details.</summary>
    protected static JsonElement AssertError(Reply reply, HttpStatusCode status)
    {
        Assert.Equal(status, reply.Status);
        Assert.Equal("application/json", reply.MediaType);
        var json = reply.Json;
        Assert.False(json.GetProperty("success").GetBoolean());
        Assert.Equal((int)status, json.GetProperty("status_code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error").GetString()));
        return json.GetProperty("details");
    }

    /// <summary>Asserts a validation error naming the field, and returns its messages.</summary>
    protected static string[] AssertFieldError(Reply reply, string field)
    {
        var details = AssertError(reply, HttpStatusCode.BadRequest);
        Assert.Equal(JsonValueKind.Object, details.ValueKind);
        Assert.True(details.TryGetProperty(field, out var messages), $"no details for '{field}' in {details}");
        var list = messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
        Assert.NotEmpty(list);
        return list;
    }

    protected static JsonElement AssertData(Reply reply, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(status == reply.Status, $"expected {(int)status}, got {(int)reply.Status}: {reply.Text}");
        Assert.Equal("application/json", reply.MediaType);
        Assert.True(reply.Json.GetProperty("success").GetBoolean());
        return reply.Json.GetProperty("data");
    }

    public ValueTask InitializeAsync()
    {
        Target.RequireServers();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected sealed record Reply(HttpStatusCode Status, string Text, HttpResponseHeaders Headers, string? MediaType, string? Backend)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;
    }
}
