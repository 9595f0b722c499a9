using Strangler.Bucketing;
using Strangler.Gateway.Events;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Reporting;

/// <summary>Everything the recommendation weighs, gathered by the report builder.</summary>
/// <param name="Guard">The guard's latest verdict; null before its first evaluation.</param>
/// <param name="InForce">How long the step in force has been in force.</param>
/// <param name="V4Requests">v4 requests counted in the step in force.</param>
/// <param name="Parity">Shadow parity; null when the feature has no shadow block.</param>
/// <param name="DiffPaths">The most frequent differing paths, for a failing parity.</param>
/// <param name="LastRevert">The guard's revert that holds (its event, with the evidence), if any.</param>
/// <param name="NextStep">The step auto-advance would go to next; null at max_percentage.</param>
internal sealed record RecommendationInput(
    RolloutStage Stage,
    Percentage Percentage,
    RuntimeMode Mode,
    bool Paused,
    string Actor,
    string StateReason,
    GuardState? Guard,
    string? GuardDetail,
    TimeSpan InForce,
    TimeSpan StepInterval,
    long V4Requests,
    int MinRequests,
    Parity? Parity,
    IReadOnlyList<string> DiffPaths,
    RolloutEvent? LastRevert,
    Percentage? NextStep);
