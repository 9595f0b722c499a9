using Strangler.Gateway.Guard;
using Strangler.Gateway.Guard.Statistics;

namespace Strangler.GuardCalibration;

/// <summary>What one run did, times in seconds after the fault started (or after the start).</summary>
internal readonly record struct RunOutcome(int? FirstRevertSecond, GuardRule? FirstRule, Crossing FirstCrossing, int? ZeroSecond, int Inconclusive);
