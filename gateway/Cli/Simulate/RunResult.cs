using Strangler.Gateway.Guard;

namespace Strangler.Gateway.Cli.Simulate;

/// <summary>One simulated run: the second of the first revert and of reaching 0 % (null: never), and the first revert's rule.</summary>
internal readonly record struct RunResult(long? FirstRevertSecond, GuardRule? Rule, long? ZeroSecond);
