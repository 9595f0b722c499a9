namespace Strangler.Gateway.Fleet;

/// <summary>The leader lease as the store answered: held by this replica or by <paramref name="Holder"/>, under <paramref name="Epoch"/>.</summary>
internal sealed record FleetLease(bool Held, long Epoch, string Holder);
