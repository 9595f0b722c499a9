using System.Collections.Immutable;
using Strangler.Bucketing;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Guard;

/// <summary>Everything one evaluation looks at. The fast windows cover the last few seconds; the full ones the configured window.</summary>
internal sealed record GuardInput(
    GuardPolicy Policy,
    ImmutableArray<Percentage> Steps,
    RolloutStage Stage,
    Percentage Percentage,
    WindowStats V4Full,
    WindowStats V4Fast,
    WindowStats V3Full,
    WindowStats V3Fast,
    GuardMemory Memory);
