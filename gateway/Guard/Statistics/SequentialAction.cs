namespace Strangler.Gateway.Guard.Statistics;

/// <summary>What one second's evidence calls for.</summary>
internal enum SequentialAction
{
    /// <summary>No rule is crossed.</summary>
    None,

    /// <summary>v4 crossed a rule that v3 crossed too over the same seconds (a shared cause): hold.</summary>
    Inconclusive,

    /// <summary>A warning or relative rule: back to the previous step.</summary>
    RevertToPreviousStep,

    /// <summary>A critical rule: back to 0 %.</summary>
    RevertToZero,
}
