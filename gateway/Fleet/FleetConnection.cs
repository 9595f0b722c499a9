using StackExchange.Redis;

namespace Strangler.Gateway.Fleet;

/// <summary>StackExchange.Redis options for the fleet: the configuration string with timing that keeps calls short while Redis is down.</summary>
internal static class FleetConnection
{
    /// <exception cref="ArgumentException">The configuration string is not valid.</exception>
    public static ConfigurationOptions Options(FleetOptions fleet, string replicaId)
    {
        var options = ConfigurationOptions.Parse(fleet.Redis!);

        // Start (from the state file) and keep serving while Redis is down; reconnect in the background.
        options.AbortOnConnectFail = false;

        // While disconnected a command fails at once instead of queueing: a transition is either
        // applied fleet-wide now or refused now, never applied later behind the operator's back.
        options.BacklogPolicy = BacklogPolicy.FailFast;

        // A command without an answer (a black-holed link) fails after 80 % of the timeout, noticed
        // within a heartbeat of 10 %.
        options.AsyncTimeout = options.SyncTimeout = (int)(fleet.Timeout.TotalMilliseconds * 0.8);
        options.ConnectTimeout = (int)fleet.Timeout.TotalMilliseconds * 2;
        options.HeartbeatInterval = fleet.Timeout / 10;
        options.ClientName ??= "strangler-gateway-" + replicaId;
        return options;
    }
}
