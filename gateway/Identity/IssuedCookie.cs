namespace Strangler.Gateway.Identity;

/// <summary>A sticky anonymous id minted for a request, set as a cookie on its response.</summary>
internal sealed record IssuedCookie(string Name, string Value, TimeSpan MaxAge);
