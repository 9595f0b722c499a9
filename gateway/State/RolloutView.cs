using System.Collections.Frozen;
using System.Collections.Immutable;
using Strangler.Gateway.Identity;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.Routing;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.State;

/// <summary>
/// The rollout in force, whole: one rollout.json revision with the runtime state of each of its
/// features, everything a request needs per YARP route id, the YARP configuration generated from
/// it, and the configuration's health. Immutable; <see cref="RolloutRuntime"/>, its only writer,
/// builds a new one per change and swaps the reference, and a request reads that reference once,
/// so nothing it sees can come from two revisions.
/// </summary>
internal sealed class RolloutView
{
    private RolloutView(
        RolloutSnapshot? snapshot,
        ConfigStatus config,
        ImmutableDictionary<string, FeatureRuntimeState> states,
        ImmutableArray<FeatureView> features,
        ImmutableArray<RouteBinding> bindings,
        IdentityPlan? identity,
        GatewayProxyConfig proxy)
    {
        Snapshot = snapshot;
        Config = config;
        States = states;
        Features = features;
        FeaturesByName = features.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        Bindings = bindings;
        Routes = bindings.ToFrozenDictionary(b => b.RouteId, b => new RouteEntry(b, FeaturesByName[b.Feature]), StringComparer.Ordinal);
        Identity = identity;
        Proxy = proxy;
    }

    /// <summary>Before the first valid revision: no routes but the fall-through to v3.</summary>
    public static RolloutView Empty { get; } = new(
        null, ConfigStatus.Initial, ImmutableDictionary<string, FeatureRuntimeState>.Empty, [], [], null, GatewayProxyConfig.Empty);

    /// <summary>The revision in force, or null before the first valid one.</summary>
    public RolloutSnapshot? Snapshot { get; }

    public ConfigStatus Config { get; }

    /// <summary>Effective state per feature (unordered; <see cref="Features"/> has the file's order).</summary>
    public ImmutableDictionary<string, FeatureRuntimeState> States { get; }

    /// <summary>The features in file order.</summary>
    public ImmutableArray<FeatureView> Features { get; }

    public FrozenDictionary<string, FeatureView> FeaturesByName { get; }

    /// <summary>Every generated route, in file order (the admission step checks targets against their prefixes).</summary>
    public ImmutableArray<RouteBinding> Bindings { get; }

    /// <summary>What the request path needs per YARP route id.</summary>
    public FrozenDictionary<string, RouteEntry> Routes { get; }

    /// <summary>The identity sources prepared for the request path; null before the first revision.</summary>
    public IdentityPlan? Identity { get; }

    /// <summary>The routes and clusters YARP serves for this revision (shared by views of one revision).</summary>
    public GatewayProxyConfig Proxy { get; }

    /// <summary>
    /// The view of <paramref name="snapshot"/> with <paramref name="states"/>. Windows of features
    /// that stay observed with the same window length are carried over from <paramref name="previous"/>,
    /// so a reload or a state change loses no evidence; so is each feature's step tally while its
    /// effective stage and percentage stay the same; a revision already in force keeps its routes,
    /// identity plan and YARP configuration.
    /// </summary>
    /// <param name="observe">False when outcomes are not recorded (Gateway:Observe): no windows at all.</param>
    public static RolloutView Build(
        RolloutSnapshot snapshot,
        ImmutableDictionary<string, FeatureRuntimeState> states,
        ConfigStatus config,
        RolloutView previous,
        bool observe)
    {
        var features = snapshot.Features.Select(file =>
        {
            var state = states[file.Name];
            var before = previous.FeaturesByName.GetValueOrDefault(file.Name);
            return new FeatureView(
                file,
                state,
                observe && FeatureView.IsObserved(state) ? WindowsFor(file, before) : null,
                ShadowStats.For(file, state, before?.Shadow),
                before is not null && Reporting.StepTally.SameStep(before.State, state) ? before.Step : null);
        }).ToImmutableArray();

        if (ReferenceEquals(previous.Snapshot, snapshot))
        {
            return new RolloutView(snapshot, config, states, features, previous.Bindings, previous.Identity, previous.Proxy);
        }

        var bindings = snapshot.Features
            .SelectMany(f => f.Routes.Select((r, i) => new RouteBinding($"{f.Name}/{i}", f.Name, r.Path, r.V4Path)))
            .ToImmutableArray();
        return new RolloutView(snapshot, config, states, features, bindings, new IdentityPlan(snapshot.Identity), GatewayProxyConfig.Build(bindings, snapshot.Backends));
    }

    /// <summary>The same rollout with another configuration health (a rejected revision changes nothing else).</summary>
    public RolloutView WithConfig(ConfigStatus config) =>
        new(Snapshot, config, States, Features, Bindings, Identity, Proxy);

    private static FeatureWindows WindowsFor(FeatureConfig file, FeatureView? previous)
    {
        var seconds = (int)file.Guard.Window.TotalSeconds;
        return previous?.Windows is { } windows && windows.Seconds == seconds
            ? windows
            : new FeatureWindows(seconds);
    }
}
