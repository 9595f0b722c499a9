using System.Diagnostics.Metrics;
using Strangler.Gateway.Events;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.Routing;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Metrics;

/// <summary>
/// Starts at 0 every series of the event, failover and proxy-error counters that can occur for a
/// feature, when the feature is first seen. A Prometheus series that first appears at 1 has no
/// earlier sample, so increase() and rate() see nothing: the revert alert would miss a feature's
/// first revert.
/// </summary>
internal sealed class KnownSeries
{
    /// <summary>The rule label of operator actions (they have no guard evidence).</summary>
    public const string OperatorRule = "operator";

    /// <summary>The rule label of shadow parity events.</summary>
    public const string ParityRule = "shadow-parity";

    private static readonly string[] BackendNames = [Backends.V3, Backends.V4];
    private static readonly string[] ProxyErrorKinds = [.. Enum.GetValues<OutcomeKind>().Where(k => k.IsProxyError()).Select(k => k.ToName())];

    private readonly Counter<long> _events;
    private readonly Counter<long>? _failovers;
    private readonly Counter<long>? _proxyErrors;
    private readonly Counter<long> _shadow;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shadowStarted = new(StringComparer.Ordinal);

    /// <param name="failovers">Null when attempts are not recorded (the series then never appear).</param>
    /// <param name="proxyErrors">Null when attempts are not recorded.</param>
    /// <param name="shadow">The shadow comparisons, started for features with shadowing configured.</param>
    public KnownSeries(Counter<long> events, Counter<long>? failovers, Counter<long>? proxyErrors, Counter<long> shadow)
    {
        _shadow = shadow;
        _events = events;
        _failovers = failovers;
        _proxyErrors = proxyErrors;
        foreach (var kind in ProxyErrorKinds)
        {
            // Paths no feature claims go to v3 only.
            _proxyErrors?.Add(0, Feature(GatewayMetrics.NoFeature), new("backend", Backends.V3), new("kind", kind));
        }
    }

    /// <summary>Every (kind, rule) an event can carry: guard decisions name their rule, operator actions "operator".</summary>
    public static IEnumerable<(string Kind, string Rule)> EventLabels =>
    [
        .. GuardRules.All.Select(rule => (EventKinds.Revert, rule)),
        .. GuardRules.All.Select(rule => (EventKinds.Inconclusive, rule)),
        // The guard advances only on a healthy verdict, and records the verdict's state as the rule.
        (EventKinds.Advance, GuardState.Healthy.ToName()),
        (EventKinds.Force, OperatorRule),
        (EventKinds.Pause, OperatorRule),
        (EventKinds.Resume, OperatorRule),
        (EventKinds.RollbackAll, OperatorRule),
        (EventKinds.ParityFailing, ParityRule),
    ];

    public void Start(IEnumerable<FeatureConfig> features)
    {
        lock (_lock)
        {
            foreach (var feature in features)
            {
                if (_started.Add(feature.Name))
                {
                    StartFeature(feature.Name);
                }

                // A feature may gain shadowing in a later revision.
                if (feature.Shadow is not null && _shadowStarted.Add(feature.Name))
                {
                    foreach (var result in ShadowResults.All)
                    {
                        _shadow.Add(0, Feature(feature.Name), new("result", result.ToName()));
                    }
                }
            }
        }
    }

    private void StartFeature(string feature)
    {
        foreach (var (kind, rule) in EventLabels)
        {
            _events.Add(0, Feature(feature), new("kind", kind), new("rule", rule));
        }

        _failovers?.Add(0, Feature(feature));
        foreach (var backend in BackendNames)
        {
            foreach (var kind in ProxyErrorKinds)
            {
                _proxyErrors?.Add(0, Feature(feature), new("backend", backend), new("kind", kind));
            }
        }
    }

    private static KeyValuePair<string, object?> Feature(string feature) => new("feature", feature);
}
