using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Strangler.Gateway.Identity;

/// <summary>
/// Reads one string claim (normally "sub") from a compact JWT for routing. When a key is given the
/// token must be HS256 with a valid signature, and its <c>exp</c> and <c>nbf</c> (NumericDates: any
/// JSON number, fractional or with an exponent, RFC 7519 §2) must hold, with 30 s of skew; a lifetime
/// claim that is not a number makes the token invalid. Without a key the payload is read unverified
/// (the backend still validates the token, so a forged token can at most pick a bucket). A token that
/// cannot be decoded, whatever its bytes, is no identity (null), never an exception. Allocates only
/// the returned claim string. Hand-written rather than Microsoft.IdentityModel's JsonWebTokenHandler
/// because that costs about 5 KB of allocations per validated token on every proxied request
/// (bench/Strangler.Benchmarks, JwtBenchmarks).
/// </summary>
internal sealed class JwtSubjectReader
{
    private const int StackLimit = 1024;
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly byte[]? _key;
    private readonly TimeProvider _time;

    public JwtSubjectReader(string? signingKey, TimeProvider time)
    {
        _key = string.IsNullOrEmpty(signingKey) ? null : Encoding.UTF8.GetBytes(signingKey);
        _time = time;
    }

    /// <summary>Extracts the token from an "Authorization: Bearer ..." value and reads the claim.</summary>
    /// <param name="claim">The claim name as UTF-8 bytes (precomputed so reading allocates nothing else).</param>
    public string? ReadFromAuthorization(string? authorization, byte[] claim)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || authorization.Length <= Scheme.Length
            || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Read(authorization.AsSpan(Scheme.Length).Trim(), claim);
    }

    public string? Read(ReadOnlySpan<char> token, byte[] claim)
    {
        var firstDot = token.IndexOf('.');
        if (firstDot <= 0)
        {
            return null;
        }

        var secondDot = token[(firstDot + 1)..].IndexOf('.');
        if (secondDot <= 0)
        {
            return null;
        }

        secondDot += firstDot + 1;
        var header = token[..firstDot];
        var payload = token[(firstDot + 1)..secondDot];
        var signature = token[(secondDot + 1)..];
        if (!Base64Url.IsValid(header) || !Base64Url.IsValid(payload) || !Base64Url.IsValid(signature))
        {
            return null;
        }

        if (_key is not null && !(IsHs256(header) && SignatureMatches(token[..secondDot], signature)))
        {
            return null;
        }

        return ReadClaim(payload, claim, checkLifetime: _key is not null);
    }

    private static bool IsHs256(ReadOnlySpan<char> headerSegment) =>
        WithDecoded(headerSegment, static json =>
        {
            // Compared as bytes: the value is never transcoded, so invalid UTF-8 in it is just "not HS256".
            var reader = new Utf8JsonReader(json);
            return MoveToTopLevelProperty(ref reader, "alg"u8) && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("HS256"u8);
        });

    private bool SignatureMatches(ReadOnlySpan<char> signedPart, ReadOnlySpan<char> signature)
    {
        Span<byte> expected = stackalloc byte[32];
        Span<byte> given = stackalloc byte[64];
        var signedBytes = signedPart.Length <= StackLimit ? stackalloc byte[StackLimit] : new byte[signedPart.Length];
        var length = Encoding.ASCII.GetBytes(signedPart, signedBytes);
        HMACSHA256.HashData(_key, signedBytes[..length], expected);
        return Base64Url.TryDecodeFromChars(signature, given, out var written)
            && written == expected.Length
            && CryptographicOperations.FixedTimeEquals(expected, given[..written]);
    }

    private string? ReadClaim(ReadOnlySpan<char> payloadSegment, byte[] claim, bool checkLifetime)
    {
        var maxLength = Base64Url.GetMaxDecodedLength(payloadSegment.Length);
        byte[]? rented = null;
        var buffer = maxLength <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        try
        {
            if (!Base64Url.TryDecodeFromChars(payloadSegment, buffer, out var written))
            {
                return null;
            }

            var json = buffer[..written];
            if (checkLifetime && !LifetimeValid(json))
            {
                return null;
            }

            var reader = new Utf8JsonReader(json);
            return TryFindString(ref reader, claim, out var value) && value.Length > 0 ? value : null;
        }
        catch (Exception e) when (IsUndecodable(e))
        {
            return null;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>exp and nbf, when present, are numbers that hold now (with the skew); any other value fails.</summary>
    private bool LifetimeValid(ReadOnlySpan<byte> json)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        var skew = ClockSkew.TotalSeconds;
        var reader = new Utf8JsonReader(json);
        var exp = FindNumericDate(ref reader, "exp"u8);
        if (exp is NumericDate.Invalid || (exp is NumericDate.Present && now - skew >= reader.GetDouble()))
        {
            return false;
        }

        reader = new Utf8JsonReader(json);
        var nbf = FindNumericDate(ref reader, "nbf"u8);
        return nbf is NumericDate.Absent || (nbf is NumericDate.Present && now + skew >= reader.GetDouble());
    }

    private static bool WithDecoded(ReadOnlySpan<char> segment, Func<ReadOnlySpan<byte>, bool> use)
    {
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            return segment.Length <= 320
                && Base64Url.TryDecodeFromChars(segment, buffer, out var written)
                && use(buffer[..written]);
        }
        catch (Exception e) when (IsUndecodable(e))
        {
            return false;
        }
    }

    /// <summary>What reading untrusted bytes as JSON throws: broken JSON, or a string that is not valid UTF-8.</summary>
    private static bool IsUndecodable(Exception e) => e is JsonException or InvalidOperationException;

    private static bool TryFindString(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, out string value)
    {
        value = string.Empty;
        if (!MoveToTopLevelProperty(ref reader, name) || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        value = reader.GetString()!;
        return true;
    }

    /// <summary>Leaves the reader on the claim's value when it is <see cref="NumericDate.Present"/> (a finite JSON number).</summary>
    private static NumericDate FindNumericDate(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!MoveToTopLevelProperty(ref reader, name))
        {
            return NumericDate.Absent;
        }

        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds) && double.IsFinite(seconds)
            ? NumericDate.Present
            : NumericDate.Invalid;
    }

    /// <summary>Positions the reader on the value of a top-level property of a JSON object.</summary>
    private static bool MoveToTopLevelProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            if (!reader.Read())
            {
                return false;
            }

            if (match)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private enum NumericDate
    {
        Absent,
        Present,
        Invalid,
    }
}
