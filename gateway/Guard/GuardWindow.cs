namespace Strangler.Gateway.Guard;

/// <summary>Which outcomes a breach was found in.</summary>
internal enum GuardWindow
{
    /// <summary>The last few seconds (<see cref="GuardEvaluator.FastWindowSeconds"/>): a collapse is caught at once.</summary>
    Fast,

    /// <summary>The feature's configured window.</summary>
    Full,
}
