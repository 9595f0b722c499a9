namespace Strangler.Bucketing;

/// <summary>Why a request was sent where it was. The kebab-case names are stable: they appear in headers, logs and metrics.</summary>
public enum DecisionReason
{
    /// <summary>The feature is disabled: v3.</summary>
    StageDisabled,

    /// <summary>Testing stage, user listed in always-v4: v4.</summary>
    TestingAlwaysV4,

    /// <summary>Testing stage, user not listed: v3.</summary>
    TestingNotListed,

    /// <summary>User listed in never-v4: v3.</summary>
    NeverV4,

    /// <summary>User listed in always-v4: v4.</summary>
    AlwaysV4,

    /// <summary>Partial stage, bucket below the percentage: v4.</summary>
    BucketIn,

    /// <summary>Partial stage, bucket at or above the percentage: v3.</summary>
    BucketOut,

    /// <summary>Full stage: v4.</summary>
    StageFull,

    /// <summary>Complete stage: v4 for everyone.</summary>
    StageComplete,

    /// <summary>No user id and the anonymous policy sends anonymous requests to v3.</summary>
    Anonymous,
}
