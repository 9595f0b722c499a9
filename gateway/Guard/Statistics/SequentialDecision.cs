namespace Strangler.Gateway.Guard.Statistics;

/// <summary>The outcome of one second: the action, the rule behind it, and which of its tests crossed.</summary>
internal readonly record struct SequentialDecision(SequentialAction Action, GuardRule? Rule, Crossing Crossing)
{
    public static SequentialDecision None { get; } = new(SequentialAction.None, null, Crossing.None);
}
