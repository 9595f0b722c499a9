namespace Strangler.V4Backend.Repositories;

/// <summary>
/// A case-insensitive substring pattern for LIKE ... ESCAPE '\' in which the user's text is taken
/// literally: '%', '_' and '\' are escaped, so search input can never act as a wildcard.
/// </summary>
internal static class LikePattern
{
    public static string Contains(string text) =>
        "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
