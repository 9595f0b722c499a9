using Strangler.Contracts.Validation;

namespace Strangler.V4Backend.Repositories;

/// <summary>
/// A substring pattern for LIKE ... ESCAPE '\' over case-folded columns, in which the user's text is
/// case-folded (<see cref="CaseFolding"/>) and taken literally: '%', '_' and '\' are escaped, so
/// search input can never act as a wildcard.
/// </summary>
internal static class LikePattern
{
    public static string Contains(string text) =>
        "%" + CaseFolding.Fold(text).Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
