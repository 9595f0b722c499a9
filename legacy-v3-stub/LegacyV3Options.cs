namespace Strangler.LegacyV3;

/// <summary>Section "Auth": how the stub validates tokens.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HS256 key, UTF-8, at least 32 bytes. Required.</summary>
    public string? SigningKey { get; set; }
}
