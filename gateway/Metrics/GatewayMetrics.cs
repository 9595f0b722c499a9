using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Events;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Outcomes;
using Strangler.Bucketing;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Metrics;

/// <summary>
/// The gateway's instruments (meter "Strangler.Gateway", from the application's
/// <see cref="IMeterFactory"/>, so several gateways in one process keep their series apart),
/// exported by the OpenTelemetry pipeline to Prometheus and OTLP. Per-request instruments take at
/// most three tags and record nothing, not even the tags, while no listener has enabled them;
/// rollout and guard state are observed at collection time. Counters that on-call alerts on
/// start at 0 for every series that can occur (<see cref="KnownSeries"/>), so the first event is
/// an increase.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Strangler.Gateway";

    /// <summary>The feature label of requests whose path no feature claims (they go to v3).</summary>
    public const string NoFeature = "(none)";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];
    private static readonly RolloutStage[] Stages = Enum.GetValues<RolloutStage>();
    private static readonly GuardState[] GuardStatesAll = Enum.GetValues<GuardState>();

    private readonly Counter<long> _requests;
    private readonly Counter<long> _proxyErrors;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _events;
    private readonly Counter<long> _shadow;
    private readonly KnownSeries _known;

    /// <param name="view">The rollout in force, read when the observable instruments are collected.</param>
    public GatewayMetrics(IMeterFactory meters, Func<RolloutView> view, GuardBoard guard, EventLog events, IOptions<GatewayOptions> options)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("strangler.gateway.requests", "{request}",
            "Proxied attempts by feature, backend and response status class (\"error\" when the backend gave no response).");
        _proxyErrors = meter.CreateCounter<long>("strangler.gateway.proxy_errors", "{error}",
            "Attempts that failed without a backend response, by kind: connect_failure, timeout, reset, no_destination.");
        _duration = meter.CreateHistogram<double>("strangler.gateway.request.duration", "s",
            "Time from forwarding a request to the backend's response or failure.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10] });
        _failovers = meter.CreateCounter<long>("strangler.gateway.failovers", "{request}",
            "Idempotent requests retried on v3 after v4 failed.");
        _events = meter.CreateCounter<long>("strangler.gateway.rollout.events", "{event}",
            "Rollout decisions by feature, kind (revert, advance, force, pause, resume, rollback_all, inconclusive) and rule.");

        _shadow = meter.CreateCounter<long>("strangler.gateway.shadow.comparisons", "{request}",
            "Mirrored requests by feature and result: match, diff, noise (differs only where v3 differs from itself), v4_error, skipped.");
        meter.CreateObservableGauge("strangler.gateway.shadow.max_diff_ratio", () => view().Features
            .Where(f => f.File.Shadow?.MaxDiffPercent is not null)
            .Select(f => new Measurement<double>(f.File.Shadow!.MaxDiffPercent!.Value / 100, Feature(f.Name))),
            null, "The feature's max_diff_percent as a ratio: the parity limit (only features with one).");

        meter.CreateObservableGauge("strangler.gateway.rollout.desired_percent", () => view().Features
            .Select(f => new Measurement<double>((double)RuntimeTransitions.FilePercentage(f.File).Value, Feature(f.Name))),
            "%", "Share of users rollout.json asks to send to v4.");
        meter.CreateObservableGauge("strangler.gateway.rollout.effective_percent", () => view().Features
            .Select(f => new Measurement<double>((double)f.State.Percentage.Value, Feature(f.Name))), "%", "Share of users sent to v4 now.");
        meter.CreateObservableGauge("strangler.gateway.rollout.stage", () => view().Features
            .SelectMany(f => Stages.Select(stage => new Measurement<int>(
                f.State.Stage == stage ? 1 : 0,
                Feature(f.Name), new KeyValuePair<string, object?>("stage", stage.ToName())))), null, "1 for the feature's effective stage, 0 for the others.");
        meter.CreateObservableGauge("strangler.gateway.rollout.paused", () => view().Features
            .Select(f => new Measurement<int>(f.State.Paused ? 1 : 0, Feature(f.Name))), null, "1 when auto-advance is paused by an operator.");
        meter.CreateObservableGauge("strangler.gateway.guard.state", () => view().Features
            .SelectMany(f => GuardStatesAll.Select(state => new Measurement<int>(
                GuardReport.StateOf(guard.Get(f.Name)?.Verdict, f.State) == state ? 1 : 0, Feature(f.Name), new KeyValuePair<string, object?>("state", state.ToName())))),
            null, "1 for the guard's state of the feature (its latest verdict, or reverted while a guard revert holds), 0 for the others.");
        // The guard's bounds for the step in force, so charts can draw them beside what they bound.
        meter.CreateObservableGauge("strangler.gateway.guard.max_error_ratio", () => Guarded(view())
            .SelectMany(f => Levels(f, t => t.MaxErrorPercent / 100)),
            null, "The guard's error-rate threshold for the feature's step in force (level warning) and its critical one, as a ratio.");
        meter.CreateObservableGauge("strangler.gateway.guard.max_p95_seconds", () => Guarded(view())
            .SelectMany(f => Levels(f, t => t.MaxP95Ms / 1000)),
            null, "The guard's p95 threshold for the feature's step in force (level warning) and its critical one, in seconds.");
        meter.CreateObservableCounter("strangler.gateway.config.reloads", () =>
        {
            var config = view().Config;
            return new[]
            {
                new Measurement<long>(config.Applied, new KeyValuePair<string, object?>("result", "applied")),
                new Measurement<long>(config.Rejected, new KeyValuePair<string, object?>("result", "rejected")),
            };
        }, "{reload}", "rollout.json revisions applied and rejected since start (the start-up load included).");
        meter.CreateObservableGauge("strangler.gateway.config.valid", () => view().Config.CurrentError is null ? 1 : 0, null,
            "1 while the newest rollout.json revision is valid; 0 while an invalid one is being ignored.");

        events.Appended += e => RecordEvent(e.Feature, e.Kind, e.Evidence?.Rule ?? (e.Kind == EventKinds.ParityFailing ? KnownSeries.ParityRule : null));
        // Per-request series exist only when attempts are recorded (Gateway:Observe).
        var observe = options.Value.Observe;
        _known = new KnownSeries(_events, observe ? _failovers : null, observe ? _proxyErrors : null, _shadow);
    }

    /// <summary>Starts at 0 the alerting series of features not seen before (the rollout's writer calls it per new revision).</summary>
    public void StartSeries(IEnumerable<Rollout.Model.FeatureConfig> features) => _known.Start(features);

    /// <summary>
    /// Series limits per instrument for a rollout of <paramref name="features"/> features: each
    /// feature's series (and the "(none)" feature's) twice over, so a reload may add as many features
    /// again, and never below the SDK's default of 2000. Without them the SDK folds every series
    /// beyond 2000 into one overflow series: at 160 features the event counters' zeros alone pass it.
    /// </summary>
    public static IReadOnlyDictionary<string, int> SeriesLimits(int features)
    {
        var perFeature = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["strangler.gateway.requests"] = 2 * (StatusClasses.Length + 1),
            ["strangler.gateway.proxy_errors"] = 2 * Enum.GetValues<OutcomeKind>().Count(k => k.IsProxyError()),
            ["strangler.gateway.request.duration"] = 2,
            ["strangler.gateway.failovers"] = 1,
            ["strangler.gateway.rollout.events"] = KnownSeries.EventLabels.Count(),
            ["strangler.gateway.rollout.desired_percent"] = 1,
            ["strangler.gateway.rollout.effective_percent"] = 1,
            ["strangler.gateway.rollout.stage"] = Stages.Length,
            ["strangler.gateway.rollout.paused"] = 1,
            ["strangler.gateway.guard.state"] = GuardStatesAll.Length,
            ["strangler.gateway.guard.max_error_ratio"] = 2,
            ["strangler.gateway.guard.max_p95_seconds"] = 2,
            ["strangler.gateway.shadow.comparisons"] = ShadowResults.All.Length,
            ["strangler.gateway.shadow.max_diff_ratio"] = 1,
        };
        return perFeature.ToDictionary(p => p.Key, p => Math.Max(2000, p.Value * (features + 1) * 2), StringComparer.Ordinal);
    }

    public void RecordAttempt(string feature, string backend, OutcomeKind kind, int status, double seconds)
    {
        if (_requests.Enabled || _duration.Enabled || _proxyErrors.Enabled)
        {
            RecordAttemptCore(feature, backend, kind, status, seconds);
        }
    }

    public void RecordShadow(string feature, ShadowResult result)
    {
        if (_shadow.Enabled)
        {
            _shadow.Add(1, Feature(feature), new KeyValuePair<string, object?>("result", result.ToName()));
        }
    }

    public void RecordFailover(string feature)
    {
        if (_failovers.Enabled)
        {
            _failovers.Add(1, Feature(feature));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordAttemptCore(string feature, string backend, OutcomeKind kind, int status, double seconds)
    {
        var featureTag = new KeyValuePair<string, object?>("feature", feature);
        var backendTag = new KeyValuePair<string, object?>("backend", backend);
        if (kind.IsProxyError())
        {
            _requests.Add(1, featureTag, backendTag, new KeyValuePair<string, object?>("status_class", "error"));
            _proxyErrors.Add(1, featureTag, backendTag, new KeyValuePair<string, object?>("kind", kind.ToName()));
        }
        else if (kind != OutcomeKind.ClientAbort && status is >= 100 and < 600)
        {
            _requests.Add(1, featureTag, backendTag, new KeyValuePair<string, object?>("status_class", StatusClasses[(status / 100) - 1]));
        }

        if (kind != OutcomeKind.ClientAbort)
        {
            _duration.Record(seconds, featureTag, backendTag);
        }
    }

    private void RecordEvent(string feature, string kind, string? rule) =>
        _events.Add(1, Feature(feature), new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("rule", rule ?? KnownSeries.OperatorRule));

    private static KeyValuePair<string, object?> Feature(string feature) => new("feature", feature);

    private static IEnumerable<FeatureView> Guarded(RolloutView view) =>
        view.Features.Where(f => f.File.Guard.Enabled && FeatureView.IsObserved(f.State));

    private static Measurement<double>[] Levels(FeatureView f, Func<Rollout.Model.Thresholds, double> pick) =>
    [
        new(pick(f.File.Guard.ForPercentage(f.State.Percentage)), Feature(f.Name), new KeyValuePair<string, object?>("level", "warning")),
        new(pick(f.File.Guard.Critical), Feature(f.Name), new KeyValuePair<string, object?>("level", "critical")),
    ];
}
