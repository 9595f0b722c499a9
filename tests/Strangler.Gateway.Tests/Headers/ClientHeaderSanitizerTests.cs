using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Headers;

namespace Strangler.Gateway.Tests.Headers;

public sealed class ClientHeaderSanitizerTests
{
    [Fact]
    public void Internal_and_forwarding_headers_from_clients_are_removed()
    {
        var headers = Forged();
        ClientHeaderSanitizer.Sanitize(headers, trustForwarded: false);
        Assert.Equal(["Accept", "X-User-Id"], headers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_trusted_upstream_keeps_forwarding_headers_but_never_internal_ones()
    {
        var headers = Forged();
        ClientHeaderSanitizer.Sanitize(headers, trustForwarded: true);
        Assert.Equal(["Accept", "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP", "X-User-Id"], headers.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("X_Strangler_Backend", false)]
    [InlineData("x_strangler_reason", false)]
    [InlineData("X-STRANGLER_BUCKET", false)]
    [InlineData("X_Strangler-Feature", false)]
    [InlineData("X_Request_Id", false)]
    [InlineData("x-request_id", false)]
    [InlineData("X_Forwarded_For", false)]
    [InlineData("X_Real_IP", false)]
    [InlineData("X_Strangler_Backend", true)]
    [InlineData("X_Request_Id", true)]
    [InlineData("X_Forwarded_For", true)]
    [InlineData("x_forwarded_proto", true)]
    [InlineData("X-Real_IP", true)]
    public void Every_CGI_spelling_of_a_header_the_gateway_sets_is_removed(string name, bool trustForwarded)
    {
        var headers = new HeaderDictionary { ["Accept"] = "*/*", [name] = "forged" };
        ClientHeaderSanitizer.Sanitize(headers, trustForwarded);
        Assert.Equal(["Accept"], headers.Keys);
    }

    [Theory]
    [InlineData("X-Request-Id")]
    [InlineData("x-request-id")]
    [InlineData("X_User_Id")]
    [InlineData("X-Stranglers")]
    [InlineData("X-Forwardedx")]
    [InlineData("Xforwarded-For")]
    [InlineData("Forwarded_")]
    public void Other_headers_pass(string name)
    {
        var headers = new HeaderDictionary { [name] = "kept" };
        ClientHeaderSanitizer.Sanitize(headers, trustForwarded: false);
        Assert.Equal([name], headers.Keys);
    }

    [Theory]
    [InlineData("abc-123", true)]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", true)]
    [InlineData("trace:1.2_x", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("quote\"", false)]
    [InlineData("é", false)]
    public void Request_ids_are_kept_only_when_well_formed(string value, bool valid) =>
        Assert.Equal(valid, RequestId.IsValid(value));

    [Fact]
    public void Overlong_request_ids_are_replaced() =>
        Assert.False(RequestId.IsValid(new string('a', RequestId.MaxLength + 1)));

    [Fact]
    public void Generated_request_ids_are_32_hex_digits_valid_and_distinct()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RequestId.New()).ToArray();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.All(ids, id => Assert.True(RequestId.IsValid(id)));
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private static HeaderDictionary Forged() => new()
    {
        ["Accept"] = "application/json",
        ["X-User-Id"] = "7",
        ["X-Strangler-Backend"] = "v4",
        ["x-strangler-bucket"] = "0",
        ["X-Forwarded-For"] = "1.2.3.4",
        ["X-Forwarded-Host"] = "evil.example",
        ["Forwarded"] = "for=1.2.3.4",
        ["X-Real-IP"] = "1.2.3.4",
    };
}
