using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Strangler.Contracts.Model;

namespace Strangler.Contracts.Identity;

/// <summary>
/// The public contract's tokens: compact JWTs signed with HS256 (key from Auth:SigningKey, at least
/// <see cref="MinKeyBytes"/> bytes), claims <c>sub</c> and <c>role</c>, <c>exp</c> required,
/// <c>nbf</c> honoured, <see cref="ClockSkew"/> of skew. Validation is JwtBearer's; this class only
/// says what to validate and mints tokens (the run command's demo tokens, tests) with the same library.
/// </summary>
public static class ContractTokens
{
    /// <summary>Keys shorter than this are refused: HS256 needs at least 256 bits.</summary>
    public const int MinKeyBytes = 32;

    public const string SubjectClaim = "sub";

    public const string RoleClaim = "role";

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Null when the key is usable, else what is wrong with it (one line, naming the setting).</summary>
    public static string? KeyProblem(string? key) =>
        string.IsNullOrEmpty(key)
            ? $"Auth:SigningKey is not set: set it to an HS256 key of at least {MinKeyBytes} bytes (e.g. environment variable Auth__SigningKey)"
            : Encoding.UTF8.GetByteCount(key) < MinKeyBytes
                ? $"Auth:SigningKey is {Encoding.UTF8.GetByteCount(key)} bytes long: an HS256 key needs at least {MinKeyBytes} bytes (e.g. openssl rand -hex 32)"
                : null;

    public static TokenValidationParameters ValidationParameters(string key) => new()
    {
        IssuerSigningKey = SigningKey(key),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = ClockSkew,
        ValidateIssuer = false,
        ValidateAudience = false,
        NameClaimType = SubjectClaim,
        RoleClaimType = RoleClaim,
    };

    /// <summary>Why a validated token's claims do not make an identity of the contract, or null when they do.</summary>
    public static string? ClaimsProblem(ClaimsIdentity identity)
    {
        var subject = identity.FindFirst(SubjectClaim);
        if (subject is null || subject.ValueType != ClaimValueTypes.String || subject.Value.Length == 0)
        {
            return "token has no sub claim";
        }

        return identity.FindFirst(RoleClaim)?.Value is Roles.Admin or Roles.User ? null : "token role must be \"admin\" or \"user\"";
    }

    /// <summary>A token of the contract for <paramref name="subject"/> in <paramref name="role"/>.</summary>
    /// <param name="issuedAt">Defaults to an hour before <paramref name="expires"/>.</param>
    public static string Create(string key, string subject, string role, DateTimeOffset expires, DateTimeOffset? issuedAt = null) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { [SubjectClaim] = subject, [RoleClaim] = role },
            IssuedAt = (issuedAt ?? expires.AddHours(-1)).UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(key), SecurityAlgorithms.HmacSha256),
        });

    private static SymmetricSecurityKey SigningKey(string key) => new(Encoding.UTF8.GetBytes(key));
}
