using System.Text;
using Strangler.Gateway.Identity;

namespace Strangler.Gateway.Tests.Identity;

public sealed class JwtSubjectReaderTests
{
    private static readonly byte[] Sub = Encoding.UTF8.GetBytes("sub");

    [Fact]
    public void Without_a_key_the_subject_is_read_unverified()
    {
        var token = TestJwt.Create(new { sub = "42", role = "user" }, key: "some-other-key-that-nobody-configured");
        var reader = new JwtSubjectReader(null, TimeProvider.System);
        Assert.Equal("42", reader.ReadFromAuthorization("Bearer " + token, Sub));
    }

    [Fact]
    public void With_a_key_a_valid_token_yields_its_subject()
    {
        var token = TestJwt.Create(new { sub = "alice", exp = TestJwt.In(TimeSpan.FromMinutes(5)) });
        var reader = new JwtSubjectReader(TestJwt.Key, TimeProvider.System);
        Assert.Equal("alice", reader.ReadFromAuthorization("bearer " + token, Sub));
    }

    public static TheoryData<string, string> RejectedWithKey => new()
    {
        { "wrong signature", TestJwt.Create(new { sub = "mallory" }, key: "a-different-key-of-sufficient-length!!") },
        { "expired", TestJwt.Create(new { sub = "alice", exp = TestJwt.In(TimeSpan.FromMinutes(-5)) }) },
        { "not yet valid", TestJwt.Create(new { sub = "alice", nbf = TestJwt.In(TimeSpan.FromMinutes(5)) }) },
        { "alg none", TestJwt.Create(new { sub = "alice" }, alg: "none") },
        { "alg HS512", TestJwt.Create(new { sub = "alice" }, key: TestJwt.Key + TestJwt.Key, alg: "HS512") },
        { "exp 1e9 (2001)", TestJwt.Create("""{"sub":"alice","exp":1e9}""") },
        { "fractional exp an hour ago", TestJwt.Create($$"""{"sub":"alice","exp":{{TestJwt.In(TimeSpan.FromHours(-1))}}.5}""") },
        { "fractional nbf in an hour", TestJwt.Create($$"""{"sub":"alice","nbf":{{TestJwt.In(TimeSpan.FromHours(1))}}.25}""") },
        { "exp a string", TestJwt.Create("""{"sub":"alice","exp":"tomorrow"}""") },
        { "exp beyond double", TestJwt.Create("""{"sub":"alice","exp":1e400}""") },
        { "nbf null", TestJwt.Create("""{"sub":"alice","nbf":null}""") },
        { "alg not UTF-8 (the reported 500)", "eyJhbGciOiL_In0.e30.AAAA" },
        { "sub not UTF-8", Signed("{\"alg\":\"HS256\"}"u8.ToArray(), [.. "{\"sub\":\""u8, 0xC3, 0x28, .. "\"}"u8]) },
        { "payload not JSON", Signed("{\"alg\":\"HS256\"}"u8.ToArray(), "{\"sub\":"u8.ToArray()) },
        { "two segments", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0" },
        { "garbage", "not-a-token" },
    };

    [Theory]
    [MemberData(nameof(RejectedWithKey))]
    public void With_a_key_invalid_tokens_yield_nothing(string why, string token)
    {
        var reader = new JwtSubjectReader(TestJwt.Key, TimeProvider.System);
        Assert.True(reader.ReadFromAuthorization("Bearer " + token, Sub) is null, why);
    }

    [Theory]
    [InlineData("""{"sub":"alice","exp":EXP.5}""")]
    [InlineData("""{"sub":"alice","exp":EXPe0}""")]
    [InlineData("""{"sub":"alice","exp":EXP.0,"nbf":1.7e9}""")]
    public void With_a_key_fractional_and_exponent_numeric_dates_in_force_are_honoured(string payload)
    {
        var token = TestJwt.Create(payload.Replace("EXP", TestJwt.In(TimeSpan.FromHours(1)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal("alice", new JwtSubjectReader(TestJwt.Key, TimeProvider.System).ReadFromAuthorization("Bearer " + token, Sub));
    }

    [Fact]
    public void Without_a_key_an_undecodable_token_yields_nothing()
    {
        var reader = new JwtSubjectReader(null, TimeProvider.System);
        Assert.Null(reader.ReadFromAuthorization("Bearer eyJhbGciOiL_In0.e30.AAAA", Sub));
        Assert.Null(reader.ReadFromAuthorization("Bearer " + Signed("{}"u8.ToArray(), [.. "{\"sub\":\""u8, 0xFF, .. "\"}"u8]), Sub));
    }

    /// <summary>A token with these exact header and payload bytes, signed with the test key (for bytes no serializer writes).</summary>
    private static string Signed(byte[] header, byte[] payload)
    {
        var signed = $"{System.Buffers.Text.Base64Url.EncodeToString(header)}.{System.Buffers.Text.Base64Url.EncodeToString(payload)}";
        var signature = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestJwt.Key), Encoding.ASCII.GetBytes(signed));
        return $"{signed}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}";
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    [InlineData("Bearer a.b.c")]
    public void Malformed_authorization_yields_nothing(string? header) =>
        Assert.Null(new JwtSubjectReader(null, TimeProvider.System).ReadFromAuthorization(header, Sub));

    [Fact]
    public void A_non_string_subject_is_ignored() =>
        Assert.Null(new JwtSubjectReader(null, TimeProvider.System).ReadFromAuthorization("Bearer " + TestJwt.Create(new { sub = 42 }), Sub));

    [Fact]
    public void Other_claims_can_be_used()
    {
        var token = TestJwt.Create(new { sub = "1", tenant_user = "t-9" });
        Assert.Equal("t-9", new JwtSubjectReader(null, TimeProvider.System).ReadFromAuthorization("Bearer " + token, Encoding.UTF8.GetBytes("tenant_user")));
    }
}
