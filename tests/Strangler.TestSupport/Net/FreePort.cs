using System.Net;
using System.Net.Sockets;

namespace Strangler.TestSupport.Net;

/// <summary>Free TCP ports on the loopback interface, for servers that cannot bind port 0 themselves.</summary>
public static class FreePort
{
    /// <summary>
    /// Asks the OS for an unused loopback port. Another process could take it before the caller
    /// binds it, so callers that start a server retry on a bind failure.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
