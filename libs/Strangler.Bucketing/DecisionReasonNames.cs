namespace Strangler.Bucketing;

/// <summary>Stable kebab-case names of <see cref="DecisionReason"/> values, without allocating.</summary>
public static class DecisionReasonNames
{
    private static readonly string[] Names =
    [
        "stage-disabled",
        "testing-always-v4",
        "testing-not-listed",
        "never-v4",
        "always-v4",
        "bucket-in",
        "bucket-out",
        "stage-full",
        "stage-complete",
        "anonymous",
    ];

    public static string ToName(this DecisionReason reason) => Names[(int)reason];

    public static bool TryParse(string name, out DecisionReason reason)
    {
        var index = Array.IndexOf(Names, name);
        reason = (DecisionReason)Math.Max(index, 0);
        return index >= 0;
    }
}
