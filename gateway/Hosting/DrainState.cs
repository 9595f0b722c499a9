namespace Strangler.Gateway.Hosting;

/// <summary>
/// Whether the gateway is on its way out: from the moment it is asked to stop, /readyz fails and
/// the public listener answers what still arrives (closing each connection after its answer) until
/// the drain period ends. Shared by the public and the management application.
/// </summary>
internal sealed class DrainState
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public void Begin() => _draining = true;
}
