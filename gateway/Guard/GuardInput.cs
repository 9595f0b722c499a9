using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Guard.Statistics;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Guard;

/// <summary>
/// Everything one evaluation looks at: the rules for the step, the new observation, the memory, and
/// for the verdict's text the window statistics (full: the configured window; recent: the last few
/// completed seconds), all since the evidence start.
/// </summary>
internal sealed record GuardInput(
    GuardPolicy Policy,
    ImmutableArray<Percentage> Steps,
    RolloutStage Stage,
    Percentage Percentage,
    SequentialRules Rules,
    GuardSecond Second,
    WindowStats V4Full,
    WindowStats V4Recent,
    WindowStats V3Full,
    WindowStats V3Recent,
    GuardMemory Memory);
