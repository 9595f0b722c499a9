using System.Text.RegularExpressions;

namespace Strangler.Deploy.Tests.Compose;

/// <summary>
/// Compose's variable interpolation: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>,
/// <c>${VAR-default}</c>, <c>${VAR:?error}</c>, <c>${VAR?error}</c>, <c>${VAR:+alt}</c>,
/// <c>${VAR+alt}</c> and <c>$$</c> for a literal dollar.
/// </summary>
internal static partial class ComposeInterpolation
{
    /// <summary>One <c>${...}</c> or <c>$VAR</c> in a value; <paramref name="Operator"/> is null for a plain reference.</summary>
    public sealed record Reference(string Variable, string? Operator, string? Argument);

    public static IReadOnlyList<Reference> References(string text) =>
        [.. Pattern().Matches(text).Where(m => m.Value != "$$").Select(ToReference)];

    /// <summary>Substitutes every reference; a required variable that is missing adds its error message to <paramref name="errors"/>.</summary>
    public static string Interpolate(string text, IReadOnlyDictionary<string, string> variables, ICollection<string> errors) =>
        Pattern().Replace(text, match =>
        {
            if (match.Value == "$$")
            {
                return "$";
            }

            var reference = ToReference(match);
            var isSet = variables.TryGetValue(reference.Variable, out var value);
            var isNonEmpty = isSet && !string.IsNullOrEmpty(value);
            switch (reference.Operator)
            {
                case ":-": return isNonEmpty ? value! : reference.Argument!;
                case "-": return isSet ? value! : reference.Argument!;
                case ":+": return isNonEmpty ? reference.Argument! : "";
                case "+": return isSet ? reference.Argument! : "";
                case ":?" when !isNonEmpty:
                case "?" when !isSet:
                    errors.Add($"required variable {reference.Variable} is missing a value: {reference.Argument}");
                    return "";
                default: return value ?? "";
            }
        });

    private static Reference ToReference(Match match) =>
        match.Groups["bare"].Success
            ? new Reference(match.Groups["bare"].Value, null, null)
            : new Reference(
                match.Groups["name"].Value,
                match.Groups["op"].Success ? match.Groups["op"].Value : null,
                match.Groups["arg"].Success ? match.Groups["arg"].Value : null);

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?+])(?<arg>[^}]*))?\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Pattern();
}
