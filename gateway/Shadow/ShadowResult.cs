namespace Strangler.Gateway.Shadow;

/// <summary>How one mirrored request ended.</summary>
internal enum ShadowResult
{
    /// <summary>v4 answered as v3 did (ignored paths aside).</summary>
    Match,

    /// <summary>v4's answer differs from v3's at a path that is not noise.</summary>
    Diff,

    /// <summary>The answers differ only at paths where two answers of v3 differ too.</summary>
    Noise,

    /// <summary>v4 gave no answer in time, or answered 5xx where v3 did not.</summary>
    V4Error,

    /// <summary>Sampled but not compared: the in-flight limit, no available v4, a body over the limit, v3 failing or the client leaving.</summary>
    Skipped,
}

internal static class ShadowResults
{
    public static readonly ShadowResult[] All = Enum.GetValues<ShadowResult>();

    /// <summary>Stable snake_case names for metrics and status.</summary>
    public static string ToName(this ShadowResult result) => result switch
    {
        ShadowResult.Match => "match",
        ShadowResult.Diff => "diff",
        ShadowResult.Noise => "noise",
        ShadowResult.V4Error => "v4_error",
        _ => "skipped",
    };
}
