using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Guard;

/// <summary>
/// Everything one evaluation looks at but the memory: the rules for the step, the new observation,
/// and for the verdict's text the window statistics (full: the configured window; recent: the last
/// few completed seconds), all since the evidence start. A value passed by reference: the guard
/// makes one per feature every second.
/// </summary>
internal readonly record struct GuardInput(
    GuardPolicy Policy,
    ImmutableArray<Percentage> Steps,
    RolloutStage Stage,
    Percentage Percentage,
    SequentialRules Rules,
    GuardSecond Second,
    WindowStats V4Full,
    WindowStats V4Recent,
    WindowStats V3Full,
    WindowStats V3Recent);
