using System.Net;
using System.Text.Json;
using Strangler.Contracts.Identity;
using Strangler.TestSupport.Hosting;
using Strangler.TestSupport.Net;

namespace Strangler.LegacyV3.Tests;

/// <summary>
/// The stub keeps its data in memory, so no server can fail under it; the one unhandled exception
/// a request could cause was a body the client broke, and that is the client's 400, not a 500.
/// </summary>
public sealed class ErrorResponseTests : IAsyncLifetime
{
    private const string Key = "error-tests-signing-key-0123456789abcdef";
    private RunningApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _app = await RunningApp.StartAsync(LegacyV3Host.Build, new Dictionary<string, string?> { ["Auth:SigningKey"] = Key });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("POST /api/restaurants", "zz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("POST /api/reviews", "5\r\n{\"ra\r\n0\r\n")]
    public async Task A_body_with_broken_chunked_framing_is_a_400_naming_the_body(string request, string body)
    {
        var token = ContractTokens.Create(Key, "1", "admin", DateTimeOffset.UtcNow.AddMinutes(5));
        var reply = await RawHttp.SendAsync(
            _app.BaseAddress,
            $"{request} HTTP/1.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
            body,
            Ct);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("v3", reply.Headers["x-backend"]);
        var error = JsonDocument.Parse(reply.Body).RootElement;
        Assert.False(error.GetProperty("success").GetBoolean());
        Assert.Equal(400, error.GetProperty("status_code").GetInt32());
        Assert.StartsWith("could not be read", error.GetProperty("details").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
    }
}
