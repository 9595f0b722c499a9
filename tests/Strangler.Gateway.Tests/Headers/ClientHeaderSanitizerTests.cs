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
