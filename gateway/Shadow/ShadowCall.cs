using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Shadow;

/// <summary>One mirrored request as the step hands it over: v3's answer (null: nothing to compare), v4's call and, for a noise check, a second call to v3.</summary>
internal sealed record ShadowCall(
    ShadowRequest Request,
    string Feature,
    ShadowStats Stats,
    ShadowPolicy Policy,
    V3Capture? V3,
    Task<ShadowFetch> V4,
    Task<ShadowFetch>? V3Again);
