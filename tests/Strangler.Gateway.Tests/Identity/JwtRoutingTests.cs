using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Strangler.Gateway.Tests.EndToEnd;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Identity;

/// <summary>
/// Routing by a JWT's sub through the real gateway with a signing key configured: identity comes from
/// the token only, restaurants are on v4 for alice alone. Whatever a client puts in the token, the
/// worst it gets is routing as anonymous (v3), never a 5xx.
/// </summary>
public sealed class JwtRoutingTests(EchoBackendsFixture backends) : IClassFixture<EchoBackendsFixture>
{
    private const string Alice = "alice";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_reported_undecodable_token_is_no_identity_not_a_500()
    {
        await using var gateway = await StartAsync();
        Assert.Equal((HttpStatusCode.OK, "v3"), await SendAsync(gateway, "eyJhbGciOiL_In0.e30.AAAA"));
    }

    [Fact]
    public async Task Ten_thousand_random_and_mutated_tokens_never_get_a_5xx()
    {
        await using var gateway = await StartAsync();
        var tokens = new TokenFuzzer(new Random(20260301)).Take(10_000).ToArray();
        var statuses = new int[600];
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (token, _) =>
        {
            var (status, _) = await SendAsync(gateway, token);
            Interlocked.Increment(ref statuses[(int)status]);
        });

        var serverErrors = statuses.Skip(500).Sum();
        Assert.True(serverErrors == 0, $"{serverErrors} of {tokens.Length} tokens got a 5xx");
        Assert.Equal(tokens.Length, statuses[200]);
    }

    [Theory]
    [InlineData("""{"sub":"alice","exp":1e9}""")]
    [InlineData("""{"sub":"alice","exp":AGO.5}""")]
    [InlineData("""{"sub":"alice","exp":AHEAD,"nbf":AHEAD.5}""")]
    public async Task A_token_out_of_its_fractional_lifetime_never_routes_by_its_sub(string payload)
    {
        await using var gateway = await StartAsync();
        Assert.Equal((HttpStatusCode.OK, "v3"), await SendAsync(gateway, TestJwt.Create(Times(payload))));
    }

    [Fact]
    public async Task A_token_in_its_fractional_lifetime_routes_by_its_sub()
    {
        await using var gateway = await StartAsync();
        Assert.Equal((HttpStatusCode.OK, "v4"), await SendAsync(gateway, TestJwt.Create(Times("""{"sub":"alice","exp":AHEAD.5,"nbf":AGO.25}"""))));
    }

    private static string Times(string payload) => payload
        .Replace("AGO", TestJwt.In(TimeSpan.FromHours(-1)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("AHEAD", TestJwt.In(TimeSpan.FromHours(1)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private Task<RunningGateway> StartAsync() =>
        RunningGateway.StartAsync(
            (backends.Rollout(RolloutFile.Restaurants("partial", 0) with { AlwaysV4 = [Alice] }) with { IdentitySources = "\"jwt:sub\"" }).ToJson(),
            new Dictionary<string, string?> { ["Gateway:Identity:JwtSigningKey"] = TestJwt.Key });

    private static async Task<(HttpStatusCode Status, string? Backend)> SendAsync(RunningGateway gateway, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/7");
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token));
        using var response = await gateway.Public.SendAsync(request, Ct);
        return (response.StatusCode, response.Headers.TryGetValues("X-Backend", out var backend) ? backend.Single() : null);
    }

    /// <summary>
    /// Tokens a client could send: random text; a valid token with characters changed, dropped or
    /// duplicated; and, signed with the gateway's key so they reach claim parsing, headers and payloads
    /// of random bytes (invalid UTF-8 included) and of JSON with claims of every type and size.
    /// </summary>
    private sealed class TokenFuzzer(Random random)
    {
        private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        private const string Printable = Base64UrlAlphabet + ".=+/ !\"#$%&'()*,:;<>?@[\\]^`{|}~";

        private static readonly string[] Values =
        [
            "\"alice\"", "\"\"", "42", "-1", "1e9", "1.5", "1e400", "-1e400", "0.0000001", "170000000000000000000000", "true", "null", "[]", "{}",
            "[\"alice\"]", "{\"sub\":\"alice\"}", "\"\\ud800\"", "\"\\u0000\"", "\"\\uZZZZ\"", "\"tomorrow\"", "NaN", "Infinity", "\"alice", "[[[[[[[[[[]]]]]]]]]]",
        ];

        private static readonly string[] Names = ["sub", "exp", "nbf", "alg", "iat", "role", "SUB", "s\\u0075b", ""];

        private readonly string _valid = TestJwt.Create(new { sub = Alice, exp = TestJwt.In(TimeSpan.FromHours(1)) });

        public IEnumerable<string> Take(int count)
        {
            for (var i = 0; i < count; i++)
            {
                yield return (i % 5) switch
                {
                    0 => RandomText(),
                    1 => Mutated(),
                    2 => Signed(RandomBytes(), RandomBytes()),
                    3 => Signed(Encoding.UTF8.GetBytes(RandomJson(header: true)), Encoding.UTF8.GetBytes(RandomJson(header: false))),
                    _ => Signed("{\"alg\":\"HS256\"}"u8.ToArray(), Encoding.UTF8.GetBytes(RandomJson(header: false))),
                };
            }
        }

        private string RandomText()
        {
            var text = new char[random.Next(0, 300)];
            for (var i = 0; i < text.Length; i++)
            {
                text[i] = random.Next(8) == 0 ? '.' : Printable[random.Next(Printable.Length)];
            }

            return new string(text);
        }

        private string Mutated()
        {
            var token = new StringBuilder(_valid);
            for (var edits = random.Next(1, 4); edits > 0 && token.Length > 0; edits--)
            {
                var at = random.Next(token.Length);
                switch (random.Next(4))
                {
                    case 0:
                        token[at] = Printable[random.Next(Printable.Length)];
                        break;
                    case 1:
                        token.Remove(at, Math.Min(random.Next(1, 20), token.Length - at));
                        break;
                    case 2:
                        token.Insert(at, token.ToString(at, Math.Min(random.Next(1, 20), token.Length - at)));
                        break;
                    default:
                        token.Insert(at, '.');
                        break;
                }
            }

            return token.ToString();
        }

        private byte[] RandomBytes()
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            return bytes;
        }

        private string RandomJson(bool header)
        {
            var members = Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
            {
                var name = header && random.Next(2) == 0 ? "alg" : Names[random.Next(Names.Length)];
                var value = header && name == "alg" && random.Next(2) == 0 ? "\"HS256\"" : Values[random.Next(Values.Length)];
                return $"\"{name}\":{value}";
            });
            var json = "{" + string.Join(",", members) + "}";
            return random.Next(10) == 0 ? json[..random.Next(json.Length + 1)] : json;
        }

        /// <summary>These exact bytes as header and payload, with a valid HS256 signature under the gateway's key.</summary>
        private static string Signed(byte[] header, byte[] payload)
        {
            var signed = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
            return $"{signed}.{Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestJwt.Key), Encoding.ASCII.GetBytes(signed)))}";
        }
    }
}
