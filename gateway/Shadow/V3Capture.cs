namespace Strangler.Gateway.Shadow;

/// <summary>v3's answer to the client as the response carried it: the copied body still in its content coding, in a pooled buffer.</summary>
internal sealed record V3Capture(int Status, string? ContentType, string ContentEncoding, byte[] Buffer, int Length, bool IsHead);
