using System.Security.Cryptography;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// The feature revision of state files of version 1: the SHA-256 of the raw "defaults" text
/// followed by the feature's own raw text, so any comment or whitespace counted as a change.
/// Computed only to carry such a state file across the upgrade to <see cref="FeatureRevision"/>:
/// a persisted revert or force whose text revision still matches the file keeps holding.
/// </summary>
internal static class TextRevision
{
    public static string Compute(ReadOnlySpan<byte> defaultsText, ReadOnlySpan<byte> featureText)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(defaultsText);
        hash.AppendData(featureText);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
