using System.Net.Sockets;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Outcomes;

/// <summary>Classifies a proxied attempt from YARP's error (if any), the status and whether the client left. Pure.</summary>
internal static class OutcomeClassifier
{
    public static OutcomeKind Classify(int status, ForwarderError error, Exception? exception, bool clientAborted)
    {
        switch (error)
        {
            case ForwarderError.None:
                return clientAborted ? OutcomeKind.ClientAbort : status >= 500 ? OutcomeKind.ServerError : OutcomeKind.Success;
            case ForwarderError.RequestCanceled:
            case ForwarderError.RequestBodyCanceled:
            case ForwarderError.RequestBodyClient:
            case ForwarderError.ResponseBodyCanceled:
            case ForwarderError.ResponseBodyClient:
            case ForwarderError.UpgradeRequestCanceled:
            case ForwarderError.UpgradeRequestClient:
            case ForwarderError.UpgradeResponseCanceled:
            case ForwarderError.UpgradeResponseClient:
                return OutcomeKind.ClientAbort;
            case ForwarderError.RequestTimedOut:
            case ForwarderError.UpgradeActivityTimeout:
                return OutcomeKind.Timeout;
            case ForwarderError.NoAvailableDestinations:
                return OutcomeKind.NoDestination;
            case ForwarderError.Request when IsConnectFailure(exception):
                return OutcomeKind.ConnectFailure;
            default:
                return clientAborted ? OutcomeKind.ClientAbort : OutcomeKind.Reset;
        }
    }

    private static bool IsConnectFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostNotFound or SocketError.TryAgain })
            {
                return true;
            }

            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return true;
            }
        }

        return false;
    }
}
