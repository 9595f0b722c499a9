using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// Kestrel settings for the public listener. Its HTTP/1.1 parsing is as strict as that of the
/// strictest proxy that may sit in front of the gateway, so that no request means one thing to the
/// proxy and another here (request smuggling, header injection). Kestrel's defaults are strict but
/// for one robustness allowance of RFC 9112 §2.2: a bare LF ends a line, so "Host: x\nX-Injected: 1"
/// is two headers here and one header value to a proxy that splits lines on CRLF only.
/// </summary>
internal static class PublicListener
{
    /// <summary>Rejects (400) a request line or header line that ends in LF without CR.</summary>
    public const string RejectBareLineFeeds = "Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators";

    /// <summary>Kept off: a request with both Content-Length and Transfer-Encoding closes its connection after the answer.</summary>
    public const string KeepAliveAfterContentLengthAndChunked = "Microsoft.AspNetCore.Server.Kestrel.AllowKeepAliveAfterCLTE";

    /// <summary>Kept off: chunk extensions with a lone CR or LF are rejected.</summary>
    public const string LenientChunkExtensions = "Microsoft.AspNetCore.Server.Kestrel.EnableInsecureChunkedRequestParsing";

    /// <summary>
    /// Kestrel reads these AppContext switches when a server is created, so this runs before the
    /// listeners are built. They are process-wide: the management listener parses as strictly. The
    /// two that default to safe are pinned, so a runtimeconfig.json cannot loosen them.
    /// </summary>
    public static void ApplyParsingSwitches()
    {
        AppContext.SetSwitch(RejectBareLineFeeds, true);
        AppContext.SetSwitch(KeepAliveAfterContentLengthAndChunked, false);
        AppContext.SetSwitch(LenientChunkExtensions, false);
    }

    public static void Configure(KestrelServerOptions kestrel, GatewayOptions options)
    {
        // Kestrel's defaults, stated so they stay: no blocking reads or writes on request threads,
        // the Host header never replaced from an absolute-form target, :scheme must match the transport.
        kestrel.AllowSynchronousIO = false;
        kestrel.AllowHostHeaderOverride = false;
        kestrel.AllowAlternateSchemes = false;
        kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
    }
}
