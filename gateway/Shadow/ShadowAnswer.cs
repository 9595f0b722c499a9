namespace Strangler.Gateway.Shadow;

/// <summary>One side of a shadow comparison: what v3 or v4 answered to the same request.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="ContentType">The Content-Type header as sent, or null when there was none.</param>
/// <param name="Body">The body as received (possibly cut at the shadow policy's body limit).</param>
/// <param name="IsHead">The request was HEAD: only status and content type are compared.</param>
internal sealed record ShadowAnswer(int Status, string? ContentType, ReadOnlyMemory<byte> Body, bool IsHead);
