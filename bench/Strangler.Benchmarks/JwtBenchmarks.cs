using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Strangler.Contracts.Identity;
using Strangler.Gateway.Identity;

namespace Strangler.Benchmarks;

/// <summary>
/// The gateway's per-request routing identity from "Authorization: Bearer &lt;JWT&gt;": its own reader
/// against Microsoft.IdentityModel's JsonWebTokenHandler (what JwtBearer runs), with a signing key
/// configured (HS256 signature and lifetime checked) and without one (payload read unverified).
/// </summary>
[MemoryDiagnoser]
public class JwtBenchmarks
{
    private const string Key = "benchmark-signing-key-0123456789abcdef";
    private static readonly byte[] Sub = "sub"u8.ToArray();
    private readonly string _authorization;
    private readonly string _token;
    private readonly JwtSubjectReader _verifying = new(Key, TimeProvider.System);
    private readonly JwtSubjectReader _unverified = new(null, TimeProvider.System);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters = ContractTokens.ValidationParameters(Key);

    public JwtBenchmarks()
    {
        _token = ContractTokens.Create(Key, "user-4711", "user", DateTimeOffset.UtcNow.AddDays(1));
        _authorization = "Bearer " + _token;
    }

    [Benchmark(Baseline = true, Description = "own reader, key: signature + lifetime + sub")]
    public string? OwnReaderVerified() => _verifying.ReadFromAuthorization(_authorization, Sub);

    [Benchmark(Description = "JsonWebTokenHandler, key: ValidateTokenAsync + sub")]
    public async Task<string?> LibraryVerified()
    {
        var result = await _handler.ValidateTokenAsync(_authorization["Bearer ".Length..], _parameters);
        return result.IsValid && result.Claims.TryGetValue("sub", out var sub) ? sub as string : null;
    }

    [Benchmark(Description = "own reader, no key: sub read unverified")]
    public string? OwnReaderUnverified() => _unverified.ReadFromAuthorization(_authorization, Sub);

    [Benchmark(Description = "JsonWebTokenHandler, no key: ReadJsonWebToken + Subject")]
    public string? LibraryUnverified() => _handler.CanReadToken(_token) ? _handler.ReadJsonWebToken(_authorization["Bearer ".Length..]).Subject : null;
}
