namespace Strangler.GuardCalibration;

/// <summary>
/// One simulated situation at the 10 % step: v4's request rate there (v3 gets the other 90 % of the
/// feature's traffic, and the shares follow the guard's reverts), the error rates before and after
/// an optional change, latencies, the relative margin, and how long to watch.
/// </summary>
internal sealed record Scenario(
    string Name,
    double V4RequestsPerSecond,
    double V4ErrorRate,
    double V3ErrorRate,
    int DurationSeconds,
    int Runs,
    double? FaultErrorRate = null,
    int FaultStartSecond = 0,
    double V4P95Ms = 100,
    double V3P95Ms = 100,
    double? FaultP95Ms = null,
    double? MarginPercentagePoints = 1,
    bool KeepCriticalEvidence = true,
    bool StopAtFirstRevert = false);
