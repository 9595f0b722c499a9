using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// What applies when rollout.json leaves a property out. The guard thresholds are the reference
/// migration plan's: warning thresholds per step, and a critical level that reverts to 0 %.
/// </summary>
internal static class BuiltInDefaults
{
    public const string Cohort = "strangler";

    public static ImmutableArray<Percentage> Steps { get; } = [.. new[] { 5m, 10m, 25m, 50m, 100m }.Select(Percentage.FromPercent)];

    public static TimeSpan StepInterval { get; } = TimeSpan.FromHours(24);

    public static GuardPolicy Guard { get; } = new(
        Enabled: true,
        Window: TimeSpan.FromSeconds(60),
        MinRequests: 50,
        Alpha: 0.01,
        MaxErrorIncreasePercentagePoints: 1,
        OnSharedFailure: SharedFailurePolicy.Hold,
        Critical: new Thresholds(MaxErrorPercent: 10, MaxP95Ms: 2000),
        Steps:
        [
            new StepThresholds(Percentage.FromPercent(10), new Thresholds(5, 1000)),
            new StepThresholds(Percentage.FromPercent(25), new Thresholds(3, 800)),
            new StepThresholds(Percentage.FromPercent(50), new Thresholds(2, 600)),
            new StepThresholds(Percentage.Hundred, new Thresholds(1, 500)),
        ]);

    public static IdentityConfig Identity { get; } = new(
        [new IdentitySource(IdentitySourceKind.Header, "X-User-Id"), new IdentitySource(IdentitySourceKind.Jwt, "sub")],
        AnonymousPolicy.V3,
        IdentityConfig.DefaultAnonymousCookieName,
        IdentityConfig.DefaultAnonymousCookieMaxAge);

    /// <summary>What a "shadow" block leaves out. Without any "shadow" block nothing is mirrored.</summary>
    public static ShadowPolicy Shadow { get; } = new(
        SamplePercent: 5,
        Ignore: [],
        MaxInFlight: 32,
        MaxBodyBytes: 256 * 1024,
        NoiseCheckPercent: 1,
        MaxDiffPercent: null,
        MinComparisons: 500,
        Timeout: TimeSpan.FromSeconds(2));

    public static FeatureDefaults Feature { get; } = new(Cohort, Steps, Percentage.Hundred, StepInterval, AutoAdvance: false, Failover: true, Guard, Shadow: null);
}

/// <summary>The inheritable part of a feature: "defaults" in the file, merged over the built-in ones.</summary>
/// <param name="Shadow">Null until a "shadow" block is bound: shadowing is off unless asked for.</param>
internal sealed record FeatureDefaults(
    string Cohort,
    ImmutableArray<Percentage> Steps,
    Percentage MaxPercentage,
    TimeSpan StepInterval,
    bool AutoAdvance,
    bool Failover,
    GuardPolicy Guard,
    ShadowPolicy? Shadow);
