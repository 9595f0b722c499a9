using System.Net.Sockets;
using Strangler.Gateway.Outcomes;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Tests.Outcomes;

public sealed class OutcomeClassifierTests
{
    [Theory]
    [InlineData(200, ForwarderError.None, false, "Success")]
    [InlineData(404, ForwarderError.None, false, "Success")]
    [InlineData(499, ForwarderError.None, false, "Success")]
    [InlineData(500, ForwarderError.None, false, "ServerError")]
    [InlineData(503, ForwarderError.None, false, "ServerError")]
    [InlineData(200, ForwarderError.None, true, "ClientAbort")]
    [InlineData(504, ForwarderError.RequestTimedOut, false, "Timeout")]
    [InlineData(503, ForwarderError.NoAvailableDestinations, false, "NoDestination")]
    [InlineData(502, ForwarderError.Request, false, "Reset")]
    [InlineData(502, ForwarderError.ResponseBodyDestination, false, "Reset")]
    [InlineData(200, ForwarderError.ResponseBodyClient, false, "ClientAbort")]
    [InlineData(502, ForwarderError.RequestCanceled, false, "ClientAbort")]
    [InlineData(400, ForwarderError.RequestBodyClient, false, "ClientAbort")]
    public void Classifies_attempts(int status, ForwarderError error, bool aborted, string expected) =>
        Assert.Equal(Enum.Parse<OutcomeKind>(expected), OutcomeClassifier.Classify(status, error, null, aborted));

    [Fact]
    public void A_refused_connection_is_a_connect_failure()
    {
        var refused = new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(OutcomeKind.ConnectFailure, OutcomeClassifier.Classify(502, ForwarderError.Request, refused, false));
    }
}
