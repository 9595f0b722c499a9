namespace Strangler.Contracts.Validation;

/// <summary>
/// The contract's rule for case-insensitive matching (the city and search filters): both sides are
/// compared after mapping every character to upper case by Unicode's simple, one-to-one case mapping,
/// independent of culture, which is what <see cref="string.ToUpperInvariant"/> does. So "é" matches
/// "É" and "ς", "σ" match "Σ"; nothing maps to several characters ("ß" does not match "SS"), accents
/// are not removed ("e" does not match "é"), and the dotless "ı" and the long "ſ" are left as they
/// are. Every backend matches through this function, so they agree on every character.
/// </summary>
public static class CaseFolding
{
    public static string Fold(string text) => text.ToUpperInvariant();
}
