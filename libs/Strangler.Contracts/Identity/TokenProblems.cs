using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace Strangler.Contracts.Identity;

/// <summary>What a 401 tells the client: why the request carries no identity the contract accepts.</summary>
public static class TokenProblems
{
    /// <param name="failure">Why authentication failed, when it did (no token at all is not a failure).</param>
    public static string Describe(Exception? failure, HttpRequest request)
    {
        if (failure is not null)
        {
            return Describe(failure);
        }

        var header = request.Headers.Authorization.ToString();
        return header.Length == 0
            ? "authentication required: send 'Authorization: Bearer <token>'"
            : header.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase)
                ? Malformed
                : "unsupported authorization scheme: use Bearer";
    }

    /// <summary>The validation failure, in the contract's words.</summary>
    public static string Describe(Exception failure) => failure switch
    {
        TokenClaimsException claims => claims.Message,
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not valid yet",
        SecurityTokenNoExpirationException => "token has no numeric exp claim",
        SecurityTokenInvalidAlgorithmException => "unsupported token algorithm: only HS256 is accepted",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "invalid token signature",

        // Undecodable segments (SecurityTokenMalformedException among them) are argument errors of the handler.
        ArgumentException => Malformed,
        _ => "invalid token",
    };

    private const string Malformed = "malformed token: expected three base64url segments of JSON";
}
