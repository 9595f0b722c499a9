namespace Strangler.Gateway.Reporting;

/// <summary>What the report advises for a feature now, and why.</summary>
/// <param name="Action">advance, hold or investigate.</param>
internal sealed record Recommendation(string Action, string Reason)
{
    public const string Advance = "advance";
    public const string Hold = "hold";
    public const string Investigate = "investigate";
}
