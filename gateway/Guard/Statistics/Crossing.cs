namespace Strangler.Gateway.Guard.Statistics;

/// <summary>Which of a rule's two tests is at or beyond its threshold.</summary>
[Flags]
internal enum Crossing
{
    None = 0,

    /// <summary>The test on all evidence since the start (a change present from the start).</summary>
    Cumulative = 1,

    /// <summary>The change detector (a change that began later).</summary>
    Detector = 2,
}
