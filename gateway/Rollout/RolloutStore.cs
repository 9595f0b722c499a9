using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Rollout;

/// <summary>
/// Holds the rollout in force. Writers (the file reloader) swap in a new immutable route table;
/// readers on the request path read one volatile reference without locks. Subscribers rebuild
/// their derived state synchronously inside <see cref="Apply"/>, so when it returns everything
/// reflects the new revision.
/// </summary>
internal sealed class RolloutStore
{
    private readonly Lock _writeLock = new();
    private readonly List<Action<RouteTable>> _subscribers = [];
    private volatile ConfigStatus _status = ConfigStatus.Initial;

    public ConfigStatus Status => _status;

    /// <summary>The route table in force, or null before the first valid revision.</summary>
    public RouteTable? Current => _status.Active;

    /// <summary>Registers a callback run on every applied revision (and at once if one is active).</summary>
    public void Subscribe(Action<RouteTable> onApplied)
    {
        lock (_writeLock)
        {
            _subscribers.Add(onApplied);
            if (_status.Active is { } active)
            {
                onApplied(active);
            }
        }
    }

    public RouteTable Apply(RolloutSnapshot snapshot, DateTimeOffset at)
    {
        lock (_writeLock)
        {
            var table = new RouteTable(snapshot);
            foreach (var subscriber in _subscribers)
            {
                subscriber(table);
            }

            var status = _status;
            _status = status with { Active = table, AppliedAt = at, Applied = status.Applied + 1, CurrentError = null };
            return table;
        }
    }

    public void Reject(ConfigFailure failure)
    {
        lock (_writeLock)
        {
            var status = _status;
            _status = status with { Rejected = status.Rejected + 1, CurrentError = failure };
        }
    }
}
