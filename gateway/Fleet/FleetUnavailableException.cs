namespace Strangler.Gateway.Fleet;

/// <summary>The fleet store (Redis) did not answer in time or refused the connection.</summary>
internal sealed class FleetUnavailableException(string message, Exception inner) : Exception(message, inner);
