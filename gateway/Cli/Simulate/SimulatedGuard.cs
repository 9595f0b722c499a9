namespace Strangler.Gateway.Cli.Simulate;

/// <summary>Which guard <c>gateway simulate</c> runs.</summary>
internal enum SimulatedGuard
{
    /// <summary>Today's guard: the anytime-valid sequential rules.</summary>
    Sequential,

    /// <summary>The guard before them: Wilson bounds over windows, 3 breaches in a row (<see cref="WindowedGuard"/>).</summary>
    Windowed,
}
