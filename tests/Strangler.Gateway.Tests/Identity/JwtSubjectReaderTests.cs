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
        { "alg HS512 label", TestJwt.Create(new { sub = "alice" }, alg: "HS512") },
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
