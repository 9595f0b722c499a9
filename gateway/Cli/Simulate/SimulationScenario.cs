namespace Strangler.Gateway.Cli.Simulate;

/// <summary>What <c>gateway simulate</c> is asked: true rates at the feature's percentage, how long, how often.</summary>
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
    SimulatedGuard Guard = SimulatedGuard.Sequential);
