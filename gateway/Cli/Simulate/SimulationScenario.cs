namespace Strangler.Gateway.Cli.Simulate;

/// <summary>
/// What <c>gateway simulate</c> is asked: true rates at the feature's percentage, how long, how often.
/// For the first <see cref="V4HealthySeconds"/> v4 has v3's error rate and p95 (a fault that begins
/// after healthy traffic).
/// </summary>
internal sealed record SimulationScenario(
    double V4ErrorRate,
    double V3ErrorRate,
    double V4RequestsPerSecond,
    double V3RequestsPerSecond,
    double V4P95Ms,
    double V3P95Ms,
    long DurationSeconds,
    int Runs,
    ulong Seed,
    SimulatedGuard Guard = SimulatedGuard.Sequential,
    long V4HealthySeconds = 0);
