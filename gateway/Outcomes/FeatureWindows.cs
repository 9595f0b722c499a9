namespace Strangler.Gateway.Outcomes;

/// <summary>The two outcome windows of one feature, sized by its guard window.</summary>
internal sealed class FeatureWindows(int seconds)
{
    public OutcomeWindow V3 { get; } = new(seconds);

    public OutcomeWindow V4 { get; } = new(seconds);

    public int Seconds => V4.Seconds;

    public OutcomeWindow For(bool v4) => v4 ? V4 : V3;
}
